package io.nextbest.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.client.NextBestClient;
import io.nextbest.server.context.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three server processes on loopback form one Hazelcast cluster over a shared PostgreSQL.
 * Traffic runs while one member is killed with SIGKILL: no acknowledged event is lost,
 * decisions go on on the other members, and the killed member rejoins.
 */
class ClusterIT {

	private final List<ServerProcess> members = new ArrayList<>();

	@AfterEach
	void stop() {
		this.members.forEach(ServerProcess::close);
	}

	@Test
	void survivesLosingAMember() throws Exception {
		String store = TestPostgres.freshSchema();
		int[] ports = IntStream.range(0, 3).map((i) -> ServerProcess.freePort()).toArray();
		String memberList = IntStream.of(ports)
			.mapToObj((port) -> "127.0.0.1:" + port)
			.collect(Collectors.joining(","));
		String cluster = "cluster-it-" + ProcessHandle.current().pid();
		for (int i = 0; i < 3; i++) {
			this.members.add(ServerProcess.start("cluster-member-" + i, "--spring.datasource.url=" + store,
					"--nextbest.cluster.name=" + cluster, "--nextbest.cluster.members=" + memberList,
					"--nextbest.cluster.port=" + ports[i], "--logging.level.com.hazelcast.internal.cluster=INFO"));
		}
		this.members.forEach(ServerProcess::awaitServing);
		await().atMost(Duration.ofMinutes(1))
			.until(() -> this.members.stream().allMatch((member) -> member.logged("Members {size:3")));

		// Every member serves the same rule set version.
		Set<String> versions = this.members.stream().map((member) -> {
			try (NextBestClient one = KillNineIT.client(member)) {
				return one.decide("nobody", Channel.CHANNEL_WEB).getRuleSet().getVersion();
			}
		}).collect(Collectors.toSet());
		assertThat(versions).hasSize(1);

		List<Event> acknowledged = new ArrayList<>();
		try (NextBestClient client = KillNineIT.client(this.members.toArray(ServerProcess[]::new))) {
			List<Event> before = KillNineIT.eventsFor("before", 40);
			KillNineIT.recordConcurrently(client, before);

			// Traffic keeps running while one member dies.
			AtomicBoolean running = new AtomicBoolean(true);
			List<Event> during = KillNineIT.eventsFor("during", 200);
			List<Event> acknowledgedDuring = new ArrayList<>();
			CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
				for (Event event : during) {
					EventDisposition disposition = client.record(event).getDisposition();
					// A retry after the killed member had applied the event finds a
					// duplicate.
					assertThat(disposition).isIn(EventDisposition.EVENT_DISPOSITION_APPLIED,
							EventDisposition.EVENT_DISPOSITION_DUPLICATE);
					synchronized (acknowledgedDuring) {
						acknowledgedDuring.add(event);
					}
					client.decide(event.getCustomerId(), Channel.CHANNEL_WEB, Channel.CHANNEL_EMAIL);
				}
				running.set(false);
			});
			await().atMost(Duration.ofMinutes(1)).until(() -> {
				synchronized (acknowledgedDuring) {
					return acknowledgedDuring.size() >= 60 || !running.get();
				}
			});
			ServerProcess killed = this.members.get(1);
			killed.kill();
			traffic.get();
			assertThat(acknowledgedDuring).hasSize(during.size());
			acknowledged.addAll(before);
			acknowledged.addAll(during);

			// Nothing acknowledged is lost: every event is there, on any member.
			for (Event event : acknowledged) {
				assertThat(client.record(event).getDisposition()).as(event.getEventId())
					.isEqualTo(EventDisposition.EVENT_DISPOSITION_DUPLICATE);
			}

			// The killed member rejoins and serves again.
			killed.restart().awaitServing();
			await().atMost(Duration.ofMinutes(1)).until(() -> killed.logged("Members {size:3"));
			try (NextBestClient rejoined = KillNineIT.client(killed)) {
				assertThat(rejoined.context("during-7").getKnown()).isTrue();
				assertThat(rejoined.decide("nobody", Channel.CHANNEL_WEB).getRuleSet().getVersion()).isIn(versions);
			}

			// Forgetting through one member erases the customer on every member and in
			// the
			// store.
			assertThat(client.forget("before-3")).isTrue();
			for (ServerProcess member : this.members) {
				try (NextBestClient one = KillNineIT.client(member)) {
					assertThat(one.context("before-3").getKnown()).isFalse();
				}
			}
			assertThat(storedRow(store, "before-3")).isFalse();
			assertThat(storedRow(store, "before-4")).isTrue();
		}
	}

	private static boolean storedRow(String url, String customerId) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url);
				PreparedStatement select = connection
					.prepareStatement("SELECT 1 FROM customer_context WHERE customer_id = ?")) {
			select.setString(1, customerId);
			try (ResultSet row = select.executeQuery()) {
				return row.next();
			}
		}
	}

}
