/** Errors with a user-readable message; route handlers map them to HTTP statuses. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that cannot be accepted (400). `details` lists individual problems. */
export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message, 400, 'invalid_input');
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, 404, 'not_found');
  }
}

/** Another writer (an import or a training run) holds the lock (409). */
export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 409, 'conflict');
  }
}
