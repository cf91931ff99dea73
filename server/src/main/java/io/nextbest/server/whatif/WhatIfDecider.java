package io.nextbest.server.whatif;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.nextbest.engine.whatif.WhatIfTally;

/**
 * Where a what-if's customers are decided, as the store's key ranges are read: in the
 * server ({@link LocalDecider}) or in a worker process ({@link WhatIfWorkerProcess}).
 */
interface WhatIfDecider extends AutoCloseable {

	/**
	 * Where one key range's pages go, on the thread that reads the range.
	 * @return told each page of stored contexts, as the durable store holds them
	 */
	Consumer<List<byte[]>> range();

	/**
	 * @return customers decided so far that are part of the population
	 */
	long decided();

	/**
	 * The tally of every page, once every range was read.
	 * @param cancelled asked while waiting whether the caller gave up
	 * @return the tally
	 * @throws InterruptedException when interrupted while waiting for it
	 * @throws java.util.concurrent.CancellationException when the caller gave up
	 */
	WhatIfTally finish(BooleanSupplier cancelled) throws InterruptedException;

	/** Stops deciding, when the run ends however it ends. */
	@Override
	void close();

}
