package io.nextbest.server.context;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.ConsentRecord;
import io.nextbest.engine.context.CustomerContext.ContactRecord;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext.ProfileAttribute;
import io.nextbest.engine.context.CustomerContext.ServiceCase;
import io.nextbest.engine.context.CustomerContext.StageChange;
import io.nextbest.engine.context.CustomerContext.SurveyRecord;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stored form of a context reads back exactly, including absent values. */
class ContextCodecTest {

	@Test
	void everyFieldReadsBackAsWritten() {
		CustomerContext context = new CustomerContext("ann", 42,
				List.of(new JourneyPosition("broadband", Stage.LOYALTY, 1, true, 1),
						new JourneyPosition("tv", Stage.AWARENESS, 2)),
				List.of(new ServiceCase("K1", "broadband", Severity.HIGH, 2, 0, 2),
						new ServiceCase("K0", null, null, 0, 3, 3)),
				List.of(new ConsentRecord(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED, 4)),
				List.of(new SurveyRecord(SurveyType.NPS, 9, 5),
						new SurveyRecord(SurveyType.CSAT, 4, 6, Channel.CONTACT_CENTRE)),
				List.of(new ProfileAttribute("tier", "gold", 6), new ProfileAttribute("old", null, 7)),
				List.of(new ContactRecord(null, "offer", Channel.WEB, Outcome.CLICK, 8)), new long[] { 11, -12 }, 0,
				List.of(new StageChange("broadband", null, Stage.ADOPTION, 9, 0),
						new StageChange("broadband", Stage.ADOPTION, Stage.LOYALTY, 10, 9)));

		assertThat(ContextCodec.decode(ContextCodec.encode(context))).usingRecursiveComparison().isEqualTo(context);
	}

	@Test
	void aRowWrittenBeforeTheStageHistoryReadsAsAContextWithoutOne() {
		CustomerContext context = new CustomerContext("ann", 42,
				List.of(new JourneyPosition("broadband", Stage.LOYALTY, 1)), List.of(), List.of(), List.of(), List.of(),
				List.of(), new long[] { 11 });
		// A row of format 2 as written before the stage history: no field 10.
		byte[] message = ContextCodec.toMessage(context).toByteArray();
		byte[] before = new byte[1 + message.length];
		before[0] = (byte) ContextCodec.FORMAT;
		System.arraycopy(message, 0, before, 1, message.length);
		CustomerContext read = ContextCodec.decode(before);

		assertThat(read).usingRecursiveComparison().isEqualTo(context);
		assertThat(read.stageHistory()).isEmpty();
	}

	@Test
	void refusesAFormatItDoesNotKnow() {
		byte[] stored = ContextCodec.encode(CustomerContext.empty("ann"));
		stored[0] = 99;

		assertThatThrownBy(() -> ContextCodec.decode(stored)).hasMessageContaining("format 99");
	}

}
