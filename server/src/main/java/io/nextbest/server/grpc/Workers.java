package io.nextbest.server.grpc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run admitted calls, with a bounded queue, and how long the call
 * waiting longest for one has waited. gRPC hands each call's callbacks to the executor
 * one at a time, so each admitted call has at most one task here: a queue as long as the
 * number of calls {@link Admission} admits never overflows.
 */
final class Workers implements Executor {

	private final ThreadPoolExecutor pool;

	/**
	 * @param threads the most threads; idle ones end after a minute
	 * @param queue the most tasks waiting for a thread
	 */
	Workers(int threads, int queue) {
		AtomicInteger count = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(queue),
				(task) -> {
					// "grpc-" like the threads gRPC names itself, which the benchmarks
					// count as serving.
					Thread thread = new Thread(task, "grpc-worker-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.pool.allowCoreThreadTimeOut(true);
	}

	@Override
	public void execute(Runnable task) {
		this.pool.execute(new Waiting(task, System.nanoTime()));
	}

	/**
	 * @return how long the task at the head of the queue has waited for a thread, in
	 * nanoseconds; 0 when none waits
	 */
	long waitNanos() {
		return (this.pool.getQueue().peek() instanceof Waiting waiting) ? System.nanoTime() - waiting.since() : 0;
	}

	/**
	 * @return tasks waiting for a thread
	 */
	int waiting() {
		return this.pool.getQueue().size();
	}

	void shutdown() {
		this.pool.shutdown();
	}

	private record Waiting(Runnable task, long since) implements Runnable {

		@Override
		public void run() {
			this.task.run();
		}

	}

}
