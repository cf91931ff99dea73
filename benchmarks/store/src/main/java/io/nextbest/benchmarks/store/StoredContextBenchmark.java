package io.nextbest.benchmarks.store;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.nextbest.benchmarks.Population;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.server.context.ContextCodec;

/**
 * The durable store's stored form of a context: format 1 (the server's hand-made
 * {@code DataOutputStream} codec, which it still reads) against format 2 (protobuf, which
 * it writes), on the contexts of the benchmark {@link Population}. Decoding is what a
 * read that misses the member pays (a load through the map store); encoding what the
 * store's writer pays per row. Both formats are decoded by the server's own
 * {@link ContextCodec#decode}. The setup prints the mean size of a row of each format.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StoredContextBenchmark {

	private static final int CUSTOMERS = 10_000;

	@Param({ "1", "2" })
	public int format;

	private CustomerContext[] contexts;

	private byte[][] rows;

	private int next;

	@Setup
	public void setUp() {
		this.contexts = PopulationContexts.of(CUSTOMERS, Instant.parse("2026-12-01T00:00:00Z"));
		this.rows = new byte[CUSTOMERS][];
		long bytes = 0;
		for (int i = 0; i < CUSTOMERS; i++) {
			this.rows[i] = encode(this.contexts[i]);
			bytes += this.rows[i].length;
		}
		System.out.printf("%nstored form, format %d: %.1f bytes per context (mean of %,d)%n", this.format,
				bytes / (double) CUSTOMERS, CUSTOMERS);
	}

	@Benchmark
	public CustomerContext decode() {
		return ContextCodec.decode(this.rows[(this.next++) % CUSTOMERS]);
	}

	@Benchmark
	public byte[] encode() {
		return encode(this.contexts[(this.next++) % CUSTOMERS]);
	}

	private byte[] encode(CustomerContext context) {
		return (this.format == 1) ? FormatOneWriter.encode(context) : ContextCodec.encode(context);
	}

}
