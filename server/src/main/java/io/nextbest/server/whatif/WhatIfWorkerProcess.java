package io.nextbest.server.whatif;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.engine.whatif.WhatIfTally;
import io.nextbest.server.rules.ChildJvm;

/**
 * A what-if decided in a JVM of its own ({@link WhatIfWorkerMain}), started for the run
 * at the what-if's nice value and ended with it. The server only reads the durable store
 * and hands the stored bytes over: deciding a million customers twice makes gigabytes of
 * garbage, whose collections would stop the server's threads serving traffic (measured:
 * Decide's p99 six to seven times steady while a what-if ran in the server; see
 * benchmarks/ANALYSIS.md, "What-if over the stored population"). In the worker they stop
 * only the worker.
 * <p>
 * Pages are sent by the threads that read the store's key ranges, one page at a time; the
 * pipe's back pressure paces the reading to the deciding. A worker that fails or ends
 * early fails the run with its own reason.
 */
final class WhatIfWorkerProcess implements WhatIfDecider {

	private static final Logger log = LoggerFactory.getLogger(WhatIfWorkerProcess.class);

	/** How often a wait for the tally asks whether the caller gave up. */
	private static final long CANCEL_CHECK_MILLIS = 250;

	/** How long a message waits for a worker whose output ended to exit. */
	private static final long EXIT_WAIT_SECONDS = 5;

	private final Process process;

	private final DataOutputStream pages;

	private final AtomicLong decided = new AtomicLong();

	/** The tally, or the worker's failure, once it answers. */
	private final CompletableFuture<WhatIfTally> tally = new CompletableFuture<>();

	private WhatIfWorkerProcess(Process process) {
		this.process = process;
		this.pages = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
		Thread answers = new Thread(
				() -> readAnswers(new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))),
				"what-if-worker-answers");
		answers.setDaemon(true);
		answers.start();
	}

	/**
	 * Starts a worker and sends it the job.
	 * @param command the command that starts {@link WhatIfWorkerMain}
	 * ({@link ChildJvm#command})
	 * @param job the what-if
	 * @return the worker, ready for pages
	 * @throws IOException when it cannot be started
	 */
	static WhatIfWorkerProcess start(List<String> command, WhatIfWorkerProtocol.Job job) throws IOException {
		WhatIfWorkerProcess worker = new WhatIfWorkerProcess(ChildJvm.start(command, "what-if worker process", log));
		try {
			synchronized (worker.pages) {
				WhatIfWorkerProtocol.write(worker.pages, job);
			}
		}
		catch (IOException ex) {
			worker.close();
			throw ex;
		}
		return worker;
	}

	@Override
	public Consumer<List<byte[]>> range() {
		return this::send;
	}

	private void send(List<byte[]> page) {
		try {
			synchronized (this.pages) {
				WhatIfWorkerProtocol.writePage(this.pages, page);
			}
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	@Override
	public long decided() {
		return this.decided.get();
	}

	@Override
	public WhatIfTally finish(BooleanSupplier cancelled) throws InterruptedException {
		try {
			synchronized (this.pages) {
				this.pages.writeByte(WhatIfWorkerProtocol.END);
				this.pages.flush();
			}
			while (true) {
				try {
					return this.tally.get(CANCEL_CHECK_MILLIS, TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException ex) {
					if (cancelled.getAsBoolean()) {
						throw new CancellationException("the caller gave up");
					}
				}
			}
		}
		catch (IOException ex) {
			throw failed(ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException failure) ? failure
					: new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * The failure to report when the pipe to the worker broke: the worker's own reason
	 * when it gave one before it ended.
	 */
	private RuntimeException failed(IOException ex) {
		try {
			// The worker ended, or is ending: its answers end with it.
			this.process.waitFor();
			this.tally.get();
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException answered) {
			if (answered.getCause() instanceof RuntimeException failure) {
				return failure;
			}
		}
		return new UncheckedIOException("The what-if worker process stopped taking customers", ex);
	}

	/** Reads the worker's answers until it ends: progress, then the tally or why not. */
	private void readAnswers(DataInputStream answers) {
		try {
			while (true) {
				int tag = answers.readUnsignedByte();
				switch (tag) {
					case WhatIfWorkerProtocol.DECIDED -> this.decided.set(answers.readLong());
					case WhatIfWorkerProtocol.TALLY -> {
						byte[] bytes = new byte[answers.readInt()];
						answers.readFully(bytes);
						this.tally.complete(WhatIfTally.readFrom(new DataInputStream(new ByteArrayInputStream(bytes))));
						return;
					}
					case WhatIfWorkerProtocol.FAILED -> {
						this.tally.completeExceptionally(
								new IllegalStateException("The what-if worker process failed: " + answers.readUTF()));
						return;
					}
					default -> throw new IllegalStateException("out of step: got " + tag);
				}
			}
		}
		catch (IOException ex) {
			// The end of its output, or the output closed as it was ended.
			this.tally.completeExceptionally(new IllegalStateException(
					"The what-if worker process ended without a tally (" + ended() + ")", ex));
		}
		catch (RuntimeException ex) {
			this.tally.completeExceptionally(
					new IllegalStateException("Could not read the what-if worker process's answer: " + ex, ex));
		}
	}

	/** How the process ended, for a message. */
	private String ended() {
		try {
			return this.process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS) ? "exit " + this.process.exitValue()
					: "still running";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
