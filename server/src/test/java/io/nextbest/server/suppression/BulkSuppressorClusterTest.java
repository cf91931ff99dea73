package io.nextbest.server.suppression;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.decision.SuppressionCheck.Send;
import io.nextbest.engine.decision.SuppressionCheck.Verdict;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.SurveyType;
import io.nextbest.server.LoopbackCluster;
import io.nextbest.server.context.HazelcastContextStore;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.rules.TestRuleSets;
import io.nextbest.server.system.NextBestProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bulk checks in a cluster of two members: the recipients the other member owns are
 * checked there, with the same verdicts as reading their contexts over; an owner serving
 * another rule set version leaves them to the caller.
 */
class BulkSuppressorClusterTest {

	private static final Instant NOW = Instant.parse("2025-03-03T10:00:00Z");

	private static final int CUSTOMERS = 200;

	private final LoopbackCluster cluster = new LoopbackCluster("bulk-suppressor-test");

	private final List<BulkSuppressor> suppressors = new ArrayList<>();

	@TempDir
	Path otherRules;

	private HazelcastInstance first;

	private HazelcastInstance second;

	@BeforeEach
	void twoMembersWithCustomers() {
		this.first = this.cluster.serverMember(null);
		this.second = this.cluster.serverMember(this.first);
		HazelcastContextStore store = new HazelcastContextStore(this.first, ContextLimits.DEFAULTS);
		for (int i = 0; i < CUSTOMERS; i++) {
			String customer = "c" + i;
			if (i % 2 == 0) {
				store.apply(new ContextEvent.ConsentChanged(customer + "-consent", customer, NOW.toEpochMilli(),
						Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED));
			}
			if (i % 3 == 0) {
				store.apply(new ContextEvent.SurveyAnswered(customer + "-nps", customer, NOW.toEpochMilli(),
						SurveyType.NPS, 2));
			}
		}
	}

	@AfterEach
	void stop() {
		this.suppressors.forEach(BulkSuppressor::destroy);
		this.cluster.close();
	}

	@Test
	void recipientsOwnedByTheOtherMemberAreCheckedThereWithTheSameVerdicts() {
		suppressor(this.first, Path.of("src/test/resources/engine-rules"));
		BulkSuppressor caller = suppressor(this.second, Path.of("src/test/resources/engine-rules"));
		Send send = caller.send("spring", Channel.EMAIL, Purpose.MARKETING, "");

		List<Verdict> verdicts = caller.check(caller.ruleSet(), send, customers(), () -> false);

		assertThat(verdicts).isEqualTo(caller.checkHere(caller.ruleSet(), send, customers(), () -> false));
		assertThat(caller.checkedByOwners()).isPositive().isLessThan(CUSTOMERS);
		assertOutcomes(verdicts);
	}

	@Test
	void anOwnerOnAnotherRuleSetVersionLeavesItsRecipientsToTheCaller() throws IOException {
		copy(Path.of("src/test/resources/engine-rules"), this.otherRules);
		Files.writeString(this.otherRules.resolve("extra.drl"), """
				package io.nextbest.rules;

				import io.nextbest.facts.*;

				rule "Everyone is suppressed"
				when
				    Customer()
				then
				    insert(Suppress.marketing(ReasonCode.POLICY, "Nobody.").on(Channel.EMAIL));
				end
				""");
		suppressor(this.first, this.otherRules);
		BulkSuppressor caller = suppressor(this.second, Path.of("src/test/resources/engine-rules"));
		Send send = caller.send("spring", Channel.EMAIL, Purpose.MARKETING, "");

		List<Verdict> verdicts = caller.check(caller.ruleSet(), send, customers(), () -> false);

		assertThat(caller.checkedByOwners()).isZero();
		assertThat(verdicts).extracting(Verdict::code).doesNotContain(ReasonCode.POLICY);
		assertOutcomes(verdicts);
	}

	@Test
	void aCallerThatWentAwayGetsNoVerdicts() {
		suppressor(this.first, Path.of("src/test/resources/engine-rules"));
		BulkSuppressor caller = suppressor(this.second, Path.of("src/test/resources/engine-rules"));
		Send send = caller.send("spring", Channel.EMAIL, Purpose.MARKETING, "");

		assertThatThrownBy(() -> caller.check(caller.ruleSet(), send, customers(), () -> true))
			.isInstanceOf(CancellationException.class);
	}

	/**
	 * Consented and not a detractor: send; else no consent first, then the detractor
	 * rule.
	 */
	private static void assertOutcomes(List<Verdict> verdicts) {
		for (int i = 0; i < CUSTOMERS; i++) {
			Verdict verdict = verdicts.get(i);
			if (i % 2 != 0) {
				assertThat(verdict.code()).as("c%d", i).isEqualTo(ReasonCode.NO_CONSENT);
			}
			else if (i % 3 == 0) {
				assertThat(verdict.code()).as("c%d", i).isEqualTo(ReasonCode.DETRACTOR);
			}
			else {
				assertThat(verdict.send()).as("c%d", i).isTrue();
			}
		}
	}

	private BulkSuppressor suppressor(HazelcastInstance member, Path rules) {
		CurrentRuleSet current = TestRuleSets.current(rules, Clock.fixed(NOW, ZoneOffset.UTC));
		NextBestProperties properties = new NextBestProperties(null, null, null,
				new NextBestProperties.Suppression(false, 2), null);
		BulkSuppressor suppressor = new BulkSuppressor(new HazelcastContextStore(member, ContextLimits.DEFAULTS),
				current, Clock.fixed(NOW, ZoneOffset.UTC), properties, member);
		this.suppressors.add(suppressor);
		return suppressor;
	}

	private static List<String> customers() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < CUSTOMERS; i++) {
			ids.add("c" + i);
		}
		return ids;
	}

	private static void copy(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.list(from)) {
			for (Path file : files.toList()) {
				Files.copy(file, to.resolve(file.getFileName()));
			}
		}
	}

}
