package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.server.LoopbackCluster;
import io.nextbest.server.rules.HazelcastRuleSetBroadcast.MemberVersion;
import io.nextbest.server.system.NextBestProperties;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two embedded Hazelcast members in one JVM, each with its own rule set over a rules
 * directory: a reload on one member reaches the other.
 */
class HazelcastRuleSetBroadcastTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@TempDir
	Path shared;

	@TempDir
	Path other;

	private final LoopbackCluster cluster = new LoopbackCluster("rules-broadcast-test");

	private final List<HazelcastRuleSetBroadcast> broadcasts = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopMembers() {
		this.broadcasts.forEach(HazelcastRuleSetBroadcast::stop);
		this.cluster.close();
	}

	@Test
	void aReloadOnOneMemberServesTheSameVersionOnEveryMemberAndTravelsOnce() {
		RuleDirectory directory = new RuleDirectory(this.shared);
		Member first = member(this.shared, null);
		Member second = member(this.shared, first.hazelcast());
		List<String> announcedBySecond = announcementsBy(second, first);

		directory.write("offers.drl", RuleDirectory.rule("Offer to everyone", "offer", 70));
		ReloadAttempt reload = first.rules().reload("admin api");

		assertThat(reload.outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(second.rules().get().version().hash()).isEqualTo(reload.hash()));
		assertThat(second.rules().get().rules()).containsKey("offers.drl");
		assertThat(second.rules().lastAttempt().trigger()).startsWith("cluster: ").endsWith(" serves " + reload.hash());
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(first.broadcast().members()).extracting(MemberVersion::version)
				.containsExactly(reload.hash(), reload.hash()));

		// The way back, which also shows the second member did not announce the reload
		// it followed: announcements from one member arrive in order, so a repeat of the
		// first version would come before this one.
		directory.write("offers.drl", RuleDirectory.rule("Offer to everyone", "offer", 80));
		ReloadAttempt back = second.rules().reload("admin api");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(first.rules().get().version().hash()).isEqualTo(back.hash()));
		await().atMost(PATIENCE).until(() -> announcedBySecond.contains(back.hash()));
		assertThat(announcedBySecond).containsExactly(back.hash());
	}

	@Test
	void aMemberWhoseDirectoryDiffersKeepsItsRuleSetAndTheAdminViewShowsIt() {
		RuleDirectory directory = new RuleDirectory(this.shared);
		new RuleDirectory(this.other);
		Member first = member(this.shared, null);
		Member second = member(this.other, first.hazelcast());
		String before = second.rules().get().version().hash();

		directory.write("offers.drl", RuleDirectory.rule("Offer to everyone", "offer", 70));
		ReloadAttempt reload = first.rules().reload("admin api");

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(second.rules().lastAttempt().trigger()).startsWith("cluster: "));
		assertThat(second.rules().lastAttempt().outcome()).isEqualTo(ReloadAttempt.Outcome.UNCHANGED);
		assertThat(second.rules().get().version().hash()).isEqualTo(before).isNotEqualTo(reload.hash());
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(second.broadcast().members()).containsExactly(
					new MemberVersion(LoopbackCluster.address(second.hazelcast()), before, true),
					new MemberVersion(LoopbackCluster.address(first.hazelcast()), reload.hash(), false)));
	}

	@Test
	void aMemberThatLeavesIsNoLongerListed() {
		new RuleDirectory(this.shared);
		Member first = member(this.shared, null);
		Member second = member(this.shared, first.hazelcast());
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(first.broadcast().members()).hasSize(2));

		second.broadcast().stop();
		second.hazelcast().getLifecycleService().terminate();

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(first.broadcast().members()).extracting(MemberVersion::member)
				.containsExactly(LoopbackCluster.address(first.hazelcast())));
	}

	/** The versions a member announces, as another member receives them. */
	private static List<String> announcementsBy(Member publisher, Member receiver) {
		List<String> announced = new CopyOnWriteArrayList<>();
		String from = LoopbackCluster.address(publisher.hazelcast());
		receiver.hazelcast().<String>getTopic(HazelcastRuleSetBroadcast.TOPIC).addMessageListener((message) -> {
			if (LoopbackCluster
				.address(message.getPublishingMember().getAddress().getHost(),
						message.getPublishingMember().getAddress().getPort())
				.equals(from)) {
				announced.add(message.getMessageObject());
			}
		});
		return announced;
	}

	private Member member(Path rules, HazelcastInstance join) {
		HazelcastInstance hazelcast = this.cluster.member(join);
		NextBestProperties properties = new NextBestProperties(
				TestRuleSets.rules(rules, false, Duration.ofMillis(500), NextBestProperties.Compiler.IN_SERVER, ""),
				null, null, null, null);
		CurrentRuleSet current = new CurrentRuleSet(properties,
				Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC),
				new RuleMetrics(new SimpleMeterRegistry()));
		HazelcastRuleSetBroadcast broadcast = new HazelcastRuleSetBroadcast(current, hazelcast, 19);
		broadcast.start();
		this.broadcasts.add(broadcast);
		return new Member(hazelcast, current, broadcast);
	}

	private record Member(HazelcastInstance hazelcast, CurrentRuleSet rules, HazelcastRuleSetBroadcast broadcast) {

	}

}
