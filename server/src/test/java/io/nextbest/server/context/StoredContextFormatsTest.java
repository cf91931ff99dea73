package io.nextbest.server.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.ConsentRecord;
import io.nextbest.engine.context.CustomerContext.ContactRecord;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext.ServiceCase;
import io.nextbest.engine.context.CustomerContext.SurveyRecord;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;
import io.nextbest.server.context.stored.StoredContext;
import io.nextbest.server.context.stored.StoredJourney;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rows written by earlier versions of the server read back as the contexts they held. The
 * bytes under {@code stored-contexts/format-N} were written by the codec of format N from
 * the {@link StoredContextFixtures fixtures}, before the server wrote any later format;
 * they are never regenerated. A server that writes a new format keeps reading every older
 * one: its rows stay in a store until their customer's next change.
 */
class StoredContextFormatsTest {

	static Stream<Arguments> fixtures() {
		return StoredContextFixtures.all()
			.entrySet()
			.stream()
			.map((fixture) -> Arguments.of(fixture.getKey(), fixture.getValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixtures")
	void rowOfFormatOneReadsBackAsTheContextItHeld(String name, Supplier<CustomerContext> fixture) {
		CustomerContext read = ContextCodec.decode(storedRow(1, name));

		assertThat(read).usingRecursiveComparison().isEqualTo(fixture.get());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixtures")
	void rowOfFormatTwoReadsBackAsTheContextItHeld(String name, Supplier<CustomerContext> fixture) {
		CustomerContext read = ContextCodec.decode(storedRow(2, name));

		assertThat(read).usingRecursiveComparison().isEqualTo(fixture.get());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixtures")
	void contextWrittenNowReadsBackAsWritten(String name, Supplier<CustomerContext> fixture) {
		byte[] written = ContextCodec.encode(fixture.get());

		assertThat(written[0]).isEqualTo((byte) ContextCodec.FORMAT);
		assertThat(ContextCodec.decode(written)).usingRecursiveComparison().isEqualTo(fixture.get());
	}

	@Test
	void rowsOfTheCurrentFormatAreSmallerThanOfFormatOne() {
		for (String name : StoredContextFixtures.all().keySet()) {
			assertThat(storedRow(2, name)).as(name).hasSizeLessThan(storedRow(1, name).length);
		}
	}

	@Test
	void everyValueOfTheVocabularyIsStoredAndReadBack() {
		for (Channel channel : Channel.values()) {
			for (Outcome outcome : Outcome.values()) {
				CustomerContext context = new CustomerContext("c", 1, List.of(), List.of(), List.of(), List.of(),
						List.of(), List.of(new ContactRecord("d", "a", channel, outcome, 2)), new long[0]);
				assertThat(ContextCodec.decode(ContextCodec.encode(context))).usingRecursiveComparison()
					.isEqualTo(context);
			}
		}
		List<JourneyPosition> journeys = Arrays.stream(Stage.values())
			.map((stage) -> new JourneyPosition("j" + stage.ordinal(), stage, 3))
			.toList();
		List<ServiceCase> cases = Arrays.stream(Severity.values())
			.map((severity) -> new ServiceCase("k" + severity.ordinal(), "p", severity, 4, 0, 4))
			.toList();
		List<ConsentRecord> consents = new ArrayList<>();
		for (Purpose purpose : Purpose.values()) {
			for (ConsentStatus status : ConsentStatus.values()) {
				consents.add(new ConsentRecord(Channel.EMAIL, purpose, status, 5));
			}
		}
		List<SurveyRecord> surveys = Arrays.stream(SurveyType.values())
			.map((type) -> new SurveyRecord(type, 1, 6))
			.toList();
		CustomerContext context = new CustomerContext("c", 1, journeys, cases, consents, surveys, List.of(), List.of(),
				new long[0]);

		assertThat(ContextCodec.decode(ContextCodec.encode(context))).usingRecursiveComparison().isEqualTo(context);
	}

	@Test
	void aStageStoredByALaterVersionIsRefusedByName() {
		byte[] message = StoredContext.newBuilder()
			.setCustomerId("c")
			.addJourneys(StoredJourney.newBuilder().setJourney("j").setStageValue(99))
			.build()
			.toByteArray();
		byte[] stored = new byte[1 + message.length];
		stored[0] = (byte) ContextCodec.FORMAT;
		System.arraycopy(message, 0, stored, 1, message.length);

		assertThatThrownBy(() -> ContextCodec.decode(stored)).hasMessageContaining("does not know");
	}

	/**
	 * The bytes of a fixture as a version writing the given format stored them.
	 * @param format the format
	 * @param name the fixture
	 * @return the row's context column
	 */
	static byte[] storedRow(int format, String name) {
		String resource = "/stored-contexts/format-" + format + "/" + name + ".bin";
		try (InputStream in = StoredContextFormatsTest.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No fixture " + resource);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
