package io.nextbest.server.whatif;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.whatif.WhatIf;
import io.nextbest.engine.whatif.WhatIfTally;
import io.nextbest.server.context.ContextCodec;

/**
 * Decides a what-if's pages in this JVM, on the threads that hand them over, each
 * thread's pages into a tally of its own: the worker process's deciding threads
 * ({@link WhatIfWorkerMain}), or the server's reading threads when no worker process can
 * be started or when so configured ({@code nextbest.what-if.worker: in-server}; the
 * decisions' garbage is then the server's, and so are the collections it causes).
 */
final class LocalDecider implements WhatIfDecider {

	private final WhatIf whatIf;

	private final Queue<WhatIfTally> tallies = new ConcurrentLinkedQueue<>();

	private final AtomicLong decided = new AtomicLong();

	LocalDecider(WhatIf whatIf) {
		this.whatIf = whatIf;
	}

	@Override
	public Consumer<List<byte[]>> range() {
		WhatIfTally tally = new WhatIfTally();
		this.tallies.add(tally);
		return (page) -> {
			List<CustomerContext> contexts = new ArrayList<>(page.size());
			for (byte[] stored : page) {
				contexts.add(ContextCodec.decode(stored));
			}
			this.decided.addAndGet(this.whatIf.decide(contexts, tally));
		};
	}

	@Override
	public long decided() {
		return this.decided.get();
	}

	@Override
	public WhatIfTally finish(BooleanSupplier cancelled) {
		WhatIfTally total = new WhatIfTally();
		this.tallies.forEach(total::merge);
		return total;
	}

	@Override
	public void close() {
	}

}
