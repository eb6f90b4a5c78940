/**
 * The language ids the extension activates on and sends to the server: .js/.jsx/.ts/.tsx and the
 * .mjs/.cjs/.mts/.cts variants, and .rs (VS Code's built-in Rust grammar names it `rust`; the server analyses it
 * with @loopguard/rust, not ESLint). Apart from extension.ts so that the manifest test can import it without `vscode`.
 */
export const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'rust'] as const;
