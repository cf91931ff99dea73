package io.nextbest.server.grpc;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.nextbest.server.context.DurableStoreException;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure every call runs into costs a log line a minute, not one per call. */
@ExtendWith(OutputCaptureExtension.class)
class GrpcErrorsTest {

	@Test
	void aDurableStoreFailureOnEveryCallIsLoggedOnceAMinute(CapturedOutput output) {
		int logged = output.length();

		for (int i = 0; i < 200; i++) {
			StatusException status = GrpcErrors.toStatus(
					new CompletionException(new DurableStoreException("commit failed", new SQLException("disk full"))));
			assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		}

		String log = output.toString().substring(logged);
		assertThat(log.lines().filter((line) -> line.contains("Durable store failure"))).hasSizeLessThanOrEqualTo(1);
		assertThat(log.lines().filter((line) -> line.contains("disk full"))).hasSizeLessThanOrEqualTo(1);
	}

	@Test
	void identicalInternalErrorsShareTheReferenceOfTheOneLogged(CapturedOutput output) {
		int logged = output.length();

		List<String> descriptions = IntStream.range(0, 100)
			.mapToObj((i) -> GrpcErrors.toStatus(bug(i)).getStatus())
			.peek((status) -> assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL))
			.map(Status::getDescription)
			.distinct()
			.toList();

		assertThat(descriptions).hasSize(1);
		String reference = descriptions.get(0).replaceAll(".*under reference ([^ ]+)\\.$", "$1");
		List<String> lines = output.toString()
			.substring(logged)
			.lines()
			.filter((line) -> line.contains("Internal error, reference"))
			.toList();
		assertThat(lines).hasSizeLessThanOrEqualTo(1);
		assertThat(output.toString()).contains("Internal error, reference " + reference);
	}

	@Test
	void internalErrorsOfAnotherKindAreLoggedApart(CapturedOutput output) {
		String first = GrpcErrors.toStatus(new IllegalStateException("a bug")).getStatus().getDescription();

		String other = GrpcErrors.toStatus(new UnsupportedOperationException("another bug"))
			.getStatus()
			.getDescription();

		assertThat(other).isNotEqualTo(first);
		String reference = other.replaceAll(".*under reference ([^ ]+)\\.$", "$1");
		assertThat(output.toString()).contains("Internal error, reference " + reference)
			.contains("UnsupportedOperationException: another bug");
	}

	/**
	 * The same bug every time: thrown at the same place, whatever its message (only the
	 * test of identical errors throws it).
	 */
	private static IllegalStateException bug(int call) {
		return new IllegalStateException("no rule set for call " + call);
	}

}
