export {
  GENERATED_MARKER,
  MoveToWorkerError,
  POOL_BASENAME,
  moveToWorker,
  warmUp,
  type FileChange,
  type MoveToWorkerInput,
  type MoveToWorkerResult,
} from './move-to-worker';
