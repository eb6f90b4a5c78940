export {
  GENERATED_MARKER,
  MoveToWorkerError,
  POOL_BASENAME,
  moveToWorker,
  type FileChange,
  type MoveToWorkerInput,
  type MoveToWorkerResult,
} from './move-to-worker';
