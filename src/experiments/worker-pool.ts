/**
 * Runs tasks in parallel child processes on this machine. Each finished task is handed to
 * `onResult` at once (the caller appends it to the results store), so killing the pool at any
 * moment loses only the tasks in flight. A task that throws is reported and the others go on.
 *
 * The worker module must call `serveTasks(handler)`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface TaskMessage<T> {
  readonly id: number;
  readonly task: T;
}

type ReplyMessage<R> = { readonly id: number; readonly ok: true; readonly result: R } | { readonly id: number; readonly ok: false; readonly error: string };

export interface PoolOptions<T, R> {
  readonly tasks: readonly T[];
  /** Parallel processes (at least 1; never more than the tasks). */
  readonly workers: number;
  /** The worker module (compiled JS) that calls serveTasks. */
  readonly workerModule: URL;
  readonly onResult: (task: T, result: R) => void;
  readonly onError: (task: T, message: string) => void;
  /** Environment for the workers (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

export async function runPool<T, R>(options: PoolOptions<T, R>): Promise<void> {
  const queue = options.tasks.map((task, id) => ({ id, task }));
  const count = Math.max(1, Math.min(options.workers, queue.length));
  const script = fileURLToPath(options.workerModule);
  const children: ChildProcess[] = [];
  const stopChildren = (): void => {
    for (const c of children) c.kill('SIGTERM');
  };
  process.once('exit', stopChildren);
  try {
    await Promise.all(
      Array.from({ length: count }, () =>
        new Promise<void>((resolve, reject) => {
          const child = fork(script, [], { env: options.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          children.push(child);
          let current: TaskMessage<T> | undefined;
          const next = (): void => {
            current = queue.shift();
            if (current === undefined) {
              child.disconnect();
              resolve();
            } else child.send(current);
          };
          child.on('message', (reply: ReplyMessage<R>) => {
            if (current === undefined || reply.id !== current.id) return;
            if (reply.ok) options.onResult(current.task, reply.result);
            else options.onError(current.task, reply.error);
            next();
          });
          child.on('exit', (code, signal) => {
            if (current !== undefined) reject(new Error(`worker stopped (${signal ?? `exit ${code}`}) while running a task`));
          });
          next();
        }),
      ),
    );
  } finally {
    process.removeListener('exit', stopChildren);
    stopChildren();
  }
}

/** The worker side: answers each task with the handler's result or its error message. */
export function serveTasks<T, R>(handler: (task: T) => Promise<R>): void {
  // The channel closes when the pool is done or its process was killed: leave, never run orphaned.
  process.once('disconnect', () => process.exit(0));
  process.on('message', (message: TaskMessage<T>) => {
    handler(message.task).then(
      (result) => process.send!({ id: message.id, ok: true, result }),
      (err: unknown) => process.send!({ id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}
