package io.nextbest.server.rules;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.facts.Channel;
import io.nextbest.server.system.NextBestProperties;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replaced rule sets are released: after many reloads, heap, metaspace and the number of
 * loaded classes are where they were after the first few. Each rule set compiles classes
 * of its own (one per rule consequence and more), so a leak shows as steady growth.
 */
class RuleSetReleaseTest {

	private static final int WARM_UP = 20;

	private static final int RELOADS = 120;

	@TempDir
	Path folder;

	/**
	 * Whether the server compiles a reload or loads what the compiler process compiled,
	 * it defines the rule set's classes: either way they must go with the rule set.
	 */
	@ParameterizedTest
	@EnumSource(NextBestProperties.Compiler.class)
	void oldRuleSetsAreReleased(NextBestProperties.Compiler compiler) {
		RuleDirectory rules = new RuleDirectory(this.folder);
		try (CurrentRuleSet current = CurrentRuleSetTest.currentRuleSet(this.folder, new SimpleMeterRegistry(),
				compiler)) {
			reloadAndMeasure(rules, current);
		}
	}

	private static void reloadAndMeasure(RuleDirectory rules, CurrentRuleSet current) {
		Footprint warm = null;
		int classesPerReload = 0;
		for (int i = 1; i <= RELOADS; i++) {
			long classesBefore = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
			rules.write("welcome.drl", RuleDirectory.rule("Everyone is welcome", "welcome", 1 + (i % 90)));
			rules.write("offer.drl", RuleDirectory.rule("Everyone gets the offer " + i, "offer", 10));
			ReloadAttempt attempt = current.reload("test");
			assertThat(attempt.outcome()).as("%s", attempt.problems()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
			DecisionEngine.decide(current.get(), CustomerContext.empty("c"), DecisionRequest.of("c", Channel.WEB),
					current.get().version().loadedAt(), "d");
			classesPerReload = (int) (ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
					- classesBefore);
			if (i == WARM_UP) {
				warm = Footprint.now();
			}
		}
		Footprint end = Footprint.now();
		System.out.printf("After %d reloads: %s; after %d: %s; %d classes per reload%n", WARM_UP, warm, RELOADS, end,
				classesPerReload);
		int reloads = RELOADS - WARM_UP;

		assertThat(classesPerReload).as("classes each reload loads (what would pile up if kept)").isPositive();
		assertThat(end.classes - warm.classes).as("classes still loaded after %d more reloads", reloads)
			.isLessThan((long) classesPerReload * reloads / 4);
		assertThat(end.metaspace - warm.metaspace).as("metaspace growth after %d more reloads", reloads)
			.isLessThan(8L * 1024 * 1024);
		assertThat(end.heap - warm.heap).as("heap growth after %d more reloads", reloads).isLessThan(32L * 1024 * 1024);
	}

	/** Memory and classes in use after a full collection. */
	private record Footprint(long classes, long metaspace, long heap) {

		static Footprint now() {
			for (int i = 0; i < 3; i++) {
				System.gc();
			}
			ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
			long metaspace = 0;
			long heap = 0;
			for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
				if (pool.getName().equals("Metaspace")) {
					metaspace = pool.getUsage().getUsed();
				}
				if (pool.getType() == MemoryType.HEAP) {
					heap += pool.getUsage().getUsed();
				}
			}
			return new Footprint(classes.getLoadedClassCount(), metaspace, heap);
		}

	}

}
