package io.nextbest.client;

import java.time.Instant;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.JourneyStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A client of several servers retries another one when a server is unavailable. */
class FailoverTest {

	private final RecordingServer down = new RecordingServer().failWith(Status.UNAVAILABLE);

	private final RecordingServer up = new RecordingServer();

	private final NextBestClient client = NextBestClient.builder()
		.channels(this.down.channel(), this.up.channel())
		.build();

	@AfterEach
	void stop() {
		this.client.close();
		this.down.close();
		this.up.close();
	}

	@Test
	void everyCallReachesTheServerThatIsUp() {
		Event event = Events.stageChanged("c-1", "broadband", JourneyStage.JOURNEY_STAGE_LOYALTY, Instant.now());
		for (int i = 0; i < 4; i++) {
			this.client.decide("c-1", Channel.CHANNEL_WEB);
			this.client.record(event);
			this.client.recordAsync(event).join();
			this.client
				.decideAsync(io.nextbest.api.v1.DecideRequest.newBuilder()
					.setCustomerId("c-1")
					.addChannels(Channel.CHANNEL_WEB)
					.build())
				.join();
		}

		assertThat(this.up.decided).hasSize(8);
		assertThat(this.up.recorded).hasSize(8);
	}

	@Test
	void callsSpreadOverTheServers() {
		this.down.failWith(null);
		for (int i = 0; i < 4; i++) {
			this.client.decide("c-1", Channel.CHANNEL_WEB);
		}

		assertThat(this.down.decided).hasSize(2);
		assertThat(this.up.decided).hasSize(2);
	}

	@Test
	void otherErrorsAreNotRetried() {
		this.down.failWith(Status.INVALID_ARGUMENT.withDescription("customer_id: is empty"));

		// The first call goes to the first server, whose answer is final.
		assertThatThrownBy(() -> this.client.decide("c-1", Channel.CHANNEL_WEB)).isInstanceOfSatisfying(
				StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
		assertThat(this.down.decided).hasSize(1);
		assertThat(this.up.decided).isEmpty();
	}

	@Test
	void whenEveryServerIsDownTheCallerSeesUnavailable() {
		this.up.failWith(Status.UNAVAILABLE);

		assertThatThrownBy(() -> this.client.decide("c-1", Channel.CHANNEL_WEB)).isInstanceOfSatisfying(
				StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

}
