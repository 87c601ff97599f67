/** Secrets of the second e2e server (playwright.config.ts), which runs with access control on. */
export const E2E_PASSWORD = 'e2e-password';
export const E2E_TOKEN = 'e2e-token';
