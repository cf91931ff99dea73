package io.nextbest.server.rules;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.nextbest.server.system.NextBestProperties;

/**
 * Keeps every member of the cluster on the same rule set. All members read one shared
 * rules directory; when a reload on one member serves a rule set (or finds the one it
 * serves unchanged), the member publishes that version on a Hazelcast topic, and every
 * other member whose version differs reloads its own directory. A reload that follows the
 * cluster is not published again, so nothing loops; a member whose directory gives
 * another version (a directory that is not really shared, or an invalid copy) logs it and
 * keeps serving what it has. Each member also records the version it serves in a
 * replicated map, so any member can tell an operator what the whole cluster serves.
 */
@Component
public class HazelcastRuleSetBroadcast implements SmartLifecycle {

	/** The topic a member announces the version it serves on. */
	static final String TOPIC = "rules-reload";

	/** Member address to the version it serves. */
	static final String SERVING = "rules-serving";

	private static final Logger log = LoggerFactory.getLogger(HazelcastRuleSetBroadcast.class);

	private final CurrentRuleSet rules;

	private final HazelcastInstance hazelcast;

	private final ITopic<String> topic;

	private final ReplicatedMap<String, String> serving;

	/**
	 * Reloads compile rules for seconds: off Hazelcast's event threads, one at a time.
	 */
	private final ExecutorService follower;

	private UUID topicListener;

	private UUID membershipListener;

	private volatile boolean running;

	@Autowired
	HazelcastRuleSetBroadcast(CurrentRuleSet rules, HazelcastInstance hazelcast, NextBestProperties properties) {
		this(rules, hazelcast, properties.rules().reloadNice());
	}

	HazelcastRuleSetBroadcast(CurrentRuleSet rules, HazelcastInstance hazelcast, int nice) {
		this.rules = rules;
		this.hazelcast = hazelcast;
		this.topic = hazelcast.getTopic(TOPIC);
		this.serving = hazelcast.getReplicatedMap(SERVING);
		// Below the request threads, like every reload's thread.
		this.follower = Executors.newSingleThreadExecutor(ReloadThreads.factory("rules-follow-cluster", nice));
	}

	@Override
	public void start() {
		this.topicListener = this.topic.addMessageListener(this::received);
		this.membershipListener = this.hazelcast.getCluster().addMembershipListener(new MembershipListener() {

			@Override
			public void memberAdded(MembershipEvent event) {
			}

			@Override
			public void memberRemoved(MembershipEvent event) {
				forget(event.getMember());
			}

		});
		this.rules.listen(this::reloaded);
		record();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.rules.listen((attempt, announce) -> {
		});
		this.follower.shutdownNow();
		try {
			this.topic.removeMessageListener(this.topicListener);
			this.hazelcast.getCluster().removeMembershipListener(this.membershipListener);
			this.serving.remove(address(this.hazelcast.getCluster().getLocalMember()));
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// Hazelcast went down first; the other members forget this one on their own.
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * @return the version each member serves, this one first, then by address
	 */
	public List<MemberVersion> members() {
		String self = address(this.hazelcast.getCluster().getLocalMember());
		return this.serving.entrySet()
			.stream()
			.map((entry) -> new MemberVersion(entry.getKey(), entry.getValue(), entry.getKey().equals(self)))
			.sorted(Comparator.comparing((MemberVersion member) -> !member.local())
				.thenComparing(MemberVersion::member))
			.toList();
	}

	private void reloaded(ReloadAttempt attempt, boolean announce) {
		if (attempt.outcome() == ReloadAttempt.Outcome.APPLIED) {
			record();
		}
		// An unchanged reload is announced too: it brings a member that missed an
		// announcement (down at the time, or rejected it) back in line.
		if (announce && attempt.outcome() != ReloadAttempt.Outcome.REJECTED) {
			try {
				this.topic.publish(attempt.hash());
			}
			catch (RuntimeException ex) {
				log.warn("Cannot announce rule set {} to the cluster: {}", attempt.hash(), ex.toString());
			}
		}
	}

	private void received(Message<String> message) {
		if (message.getPublishingMember().localMember() || !this.running) {
			return;
		}
		String wanted = message.getMessageObject();
		String from = address(message.getPublishingMember());
		if (this.follower.isShutdown()) {
			return;
		}
		this.follower.execute(() -> follow(wanted, from));
	}

	private void follow(String wanted, String from) {
		if (wanted.equals(this.rules.get().version().hash())) {
			return;
		}
		ReloadAttempt attempt = this.rules.reloadFollowingCluster("cluster: " + from + " serves " + wanted);
		String now = this.rules.get().version().hash();
		if (!now.equals(wanted)) {
			log.warn(
					"Member {} serves rule set {}, but the rules directory {} gives {} here ({}); this member serves {}. "
							+ "All members must read the same rules directory.",
					from, wanted, this.rules.directory(), attempt.hash().isEmpty() ? "nothing valid" : attempt.hash(),
					attempt.outcome(), now);
		}
	}

	private void record() {
		try {
			this.serving.put(address(this.hazelcast.getCluster().getLocalMember()), this.rules.get().version().hash());
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// Shutting down: nothing to record.
		}
	}

	private void forget(Member member) {
		try {
			this.serving.remove(address(member));
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// Shutting down: the remaining members forget it.
		}
	}

	private static String address(Member member) {
		return member.getAddress().getHost() + ":" + member.getAddress().getPort();
	}

	/**
	 * The rule set version one member serves.
	 *
	 * @param member the member's cluster address, host:port
	 * @param version the content hash of the rule set it serves
	 * @param local true for the member answering
	 */
	public record MemberVersion(String member, String version, boolean local) {

	}

}
