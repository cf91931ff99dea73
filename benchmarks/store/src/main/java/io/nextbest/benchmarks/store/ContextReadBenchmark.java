package io.nextbest.benchmarks.store;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.nextbest.benchmarks.Contexts;
import io.nextbest.benchmarks.Population;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.server.context.HazelcastContextStore;

/**
 * A context read from the embedded Hazelcast member, configured as the server ships it
 * (compact serialization, binary in-memory format): the cost every decision pays first.
 * With the read cache of the server's default size (every context cached after the first
 * round) and without it (each read an operation on a partition thread and a
 * deserialization).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ContextReadBenchmark {

	private static final int CUSTOMERS = 10_000;

	private HazelcastInstance hazelcast;

	private HazelcastContextStore store;

	private final String[] ids = new String[CUSTOMERS];

	private int next;

	@Param({ "100000", "0" })
	public int readCache;

	@Setup
	public void setUp() {
		Config config = new ClasspathYamlConfig("hazelcast.yaml");
		config.setClusterName("nextbest-jmh-" + ProcessHandle.current().pid());
		this.hazelcast = Hazelcast.newHazelcastInstance(config);
		this.store = new HazelcastContextStore(this.hazelcast, ContextLimits.DEFAULTS, this.readCache);
		IMap<String, CustomerContext> map = this.hazelcast.getMap(HazelcastContextStore.MAP_NAME);
		Instant now = Instant.now();
		for (int i = 0; i < CUSTOMERS; i++) {
			this.ids[i] = Population.customerId(i);
			map.set(this.ids[i], Contexts.typical(this.ids[i], i, now));
		}
	}

	@Benchmark
	public CustomerContext read() {
		return this.store.get(this.ids[(this.next++) % CUSTOMERS]);
	}

	@TearDown
	public void tearDown() {
		this.hazelcast.shutdown();
	}

}
