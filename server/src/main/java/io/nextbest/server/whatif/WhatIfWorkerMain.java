package io.nextbest.server.whatif;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.slf4j.LoggerFactory;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.Cancellation;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.ruleset.RuleSetBuilder;
import io.nextbest.engine.whatif.WhatIf;
import io.nextbest.engine.whatif.WhatIfTally;
import io.nextbest.server.rules.ChildJvm;

/**
 * A what-if's worker process ({@link WhatIfWorkerProcess}): reads a job on its standard
 * input ({@link WhatIfWorkerProtocol}), builds both rule sets from their files, decides
 * the pages of stored contexts that follow on the job's threads ({@link LocalDecider}),
 * and at the end writes the merged tally on its standard output and exits. The decisions
 * and the garbage they make stay in this JVM, which runs at the lowest CPU priority: the
 * server's own threads and heap serve traffic meanwhile, untouched by its collections.
 * Logging goes to standard error, warnings and errors only.
 */
public final class WhatIfWorkerMain {

	/** Pages waiting per deciding thread: enough that no thread waits for the pipe. */
	private static final int QUEUED_PER_THREAD = 2;

	/** Tells a deciding thread that no page follows; compared by identity. */
	private static final List<byte[]> NO_MORE = new ArrayList<>(0);

	private WhatIfWorkerMain() {
	}

	/**
	 * Runs one job and exits.
	 * @param args none
	 * @throws IOException when talking to the server fails
	 */
	public static void main(String[] args) throws IOException {
		DataOutputStream out = ChildJvm.answers();
		DataInputStream in = ChildJvm.requests();
		try {
			WhatIfTally tally = run(WhatIfWorkerProtocol.readJob(in), in, out);
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			tally.writeTo(new DataOutputStream(bytes));
			synchronized (out) {
				out.writeByte(WhatIfWorkerProtocol.TALLY);
				out.writeInt(bytes.size());
				bytes.writeTo(out);
				out.flush();
			}
		}
		catch (Exception | LinkageError | VirtualMachineError ex) {
			LoggerFactory.getLogger(WhatIfWorkerMain.class).error("The what-if failed", ex);
			synchronized (out) {
				WhatIfWorkerProtocol.writeFailure(out, ex);
				out.flush();
			}
			System.exit(1);
		}
		System.exit(0);
	}

	private static WhatIfTally run(WhatIfWorkerProtocol.Job job, DataInputStream in, DataOutputStream out)
			throws Exception {
		int threads = Math.max(1, job.threads());
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CompletableFuture<RuleSet> base = CompletableFuture.supplyAsync(() -> build(job.base(), "base"), pool);
			RuleSet candidate = build(job.candidate(), "candidate");
			LocalDecider decider = new LocalDecider(
					new WhatIf(base.get(), candidate, job.template(), job.at(), job.rates(), job.filter()));
			BlockingQueue<List<byte[]>> pages = new ArrayBlockingQueue<>(threads * QUEUED_PER_THREAD);
			List<Future<?>> deciding = new ArrayList<>(threads);
			for (int i = 0; i < threads; i++) {
				Consumer<List<byte[]>> range = decider.range();
				deciding.add(pool.submit(() -> decide(range, decider, pages, out)));
			}
			for (int tag = in.readUnsignedByte(); tag != WhatIfWorkerProtocol.END; tag = in.readUnsignedByte()) {
				if (tag != WhatIfWorkerProtocol.PAGE) {
					throw new IOException("out of step: got " + tag + " for a page");
				}
				List<byte[]> page = WhatIfWorkerProtocol.readPage(in);
				if (!page.isEmpty()) {
					pages.put(page);
				}
			}
			for (int i = 0; i < threads; i++) {
				pages.put(NO_MORE);
			}
			for (Future<?> thread : deciding) {
				thread.get();
			}
			return decider.finish(() -> false);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Decides pages until there are no more, telling the server after each how many
	 * customers of the population have been decided so far (read under the lock the
	 * answers are written with, so the counts it reads only grow).
	 */
	private static Void decide(Consumer<List<byte[]>> range, LocalDecider decider, BlockingQueue<List<byte[]>> pages,
			DataOutputStream out) throws InterruptedException, IOException {
		for (List<byte[]> page = pages.take(); page != NO_MORE; page = pages.take()) {
			range.accept(page);
			synchronized (out) {
				out.writeByte(WhatIfWorkerProtocol.DECIDED);
				out.writeLong(decider.decided());
				out.flush();
			}
		}
		return null;
	}

	private static RuleSet build(RuleFiles files, String which) {
		List<RuleDiagnostic> problems = new ArrayList<>();
		RuleSet ruleSet = RuleSetBuilder.build(files, which, Instant.now(), Cancellation.NONE, problems,
				(name, text) -> {
				});
		if (ruleSet == null) {
			throw new IllegalStateException("The " + which + " rule set does not build here: " + problems);
		}
		return ruleSet;
	}

}
