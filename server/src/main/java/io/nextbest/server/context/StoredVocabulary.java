package io.nextbest.server.context;

import java.util.function.Function;
import java.util.function.IntFunction;

import com.google.protobuf.ProtocolMessageEnum;

import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;
import io.nextbest.server.context.stored.StoredChannel;
import io.nextbest.server.context.stored.StoredConsentStatus;
import io.nextbest.server.context.stored.StoredOutcome;
import io.nextbest.server.context.stored.StoredPurpose;
import io.nextbest.server.context.stored.StoredSeverity;
import io.nextbest.server.context.stored.StoredStage;
import io.nextbest.server.context.stored.StoredSurveyType;

/**
 * The server's vocabulary enums and the stored form's, matched by name once: a stored
 * number means what the .proto says whatever order the server's enum has. A server enum
 * constant without a stored counterpart stops the class from loading, so a new stage or
 * channel cannot be stored before the .proto has it.
 */
final class StoredVocabulary {

	private static final StoredStage[] STAGES = toStored(Stage.values(), "STAGE_", StoredStage::valueOf,
			StoredStage[]::new);

	private static final Stage[] FROM_STAGES = fromStored(Stage.values(), STAGES, new Stage[16]);

	private static final StoredSeverity[] SEVERITIES = toStored(Severity.values(), "SEVERITY_", StoredSeverity::valueOf,
			StoredSeverity[]::new);

	private static final Severity[] FROM_SEVERITIES = fromStored(Severity.values(), SEVERITIES, new Severity[8]);

	private static final StoredChannel[] CHANNELS = toStored(Channel.values(), "CHANNEL_", StoredChannel::valueOf,
			StoredChannel[]::new);

	private static final Channel[] FROM_CHANNELS = fromStored(Channel.values(), CHANNELS, new Channel[16]);

	private static final StoredPurpose[] PURPOSES = toStored(Purpose.values(), "PURPOSE_", StoredPurpose::valueOf,
			StoredPurpose[]::new);

	private static final Purpose[] FROM_PURPOSES = fromStored(Purpose.values(), PURPOSES, new Purpose[8]);

	private static final StoredConsentStatus[] STATUSES = toStored(ConsentStatus.values(), "CONSENT_STATUS_",
			StoredConsentStatus::valueOf, StoredConsentStatus[]::new);

	private static final ConsentStatus[] FROM_STATUSES = fromStored(ConsentStatus.values(), STATUSES,
			new ConsentStatus[8]);

	private static final StoredSurveyType[] SURVEY_TYPES = toStored(SurveyType.values(), "SURVEY_TYPE_",
			StoredSurveyType::valueOf, StoredSurveyType[]::new);

	private static final SurveyType[] FROM_SURVEY_TYPES = fromStored(SurveyType.values(), SURVEY_TYPES,
			new SurveyType[8]);

	private static final StoredOutcome[] OUTCOMES = toStored(Outcome.values(), "OUTCOME_", StoredOutcome::valueOf,
			StoredOutcome[]::new);

	private static final Outcome[] FROM_OUTCOMES = fromStored(Outcome.values(), OUTCOMES, new Outcome[16]);

	private StoredVocabulary() {
	}

	static StoredStage stage(Stage stage) {
		return STAGES[stage.ordinal()];
	}

	static Stage stage(StoredStage stored) {
		return known(FROM_STAGES, stored);
	}

	/** A missing severity (a case known only by its closing) is stored unspecified. */
	static StoredSeverity severity(Severity severity) {
		return (severity != null) ? SEVERITIES[severity.ordinal()] : StoredSeverity.SEVERITY_UNSPECIFIED;
	}

	static Severity severity(StoredSeverity stored) {
		return (stored == StoredSeverity.SEVERITY_UNSPECIFIED) ? null : known(FROM_SEVERITIES, stored);
	}

	static StoredChannel channel(Channel channel) {
		return CHANNELS[channel.ordinal()];
	}

	static Channel channel(StoredChannel stored) {
		return known(FROM_CHANNELS, stored);
	}

	static StoredPurpose purpose(Purpose purpose) {
		return PURPOSES[purpose.ordinal()];
	}

	static Purpose purpose(StoredPurpose stored) {
		return known(FROM_PURPOSES, stored);
	}

	static StoredConsentStatus status(ConsentStatus status) {
		return STATUSES[status.ordinal()];
	}

	static ConsentStatus status(StoredConsentStatus stored) {
		return known(FROM_STATUSES, stored);
	}

	static StoredSurveyType surveyType(SurveyType type) {
		return SURVEY_TYPES[type.ordinal()];
	}

	static SurveyType surveyType(StoredSurveyType stored) {
		return known(FROM_SURVEY_TYPES, stored);
	}

	static StoredOutcome outcome(Outcome outcome) {
		return OUTCOMES[outcome.ordinal()];
	}

	static Outcome outcome(StoredOutcome stored) {
		return known(FROM_OUTCOMES, stored);
	}

	private static <E extends Enum<E>, S> S[] toStored(E[] values, String prefix, Function<String, S> byName,
			IntFunction<S[]> array) {
		S[] stored = array.apply(values.length);
		for (E value : values) {
			stored[value.ordinal()] = byName.apply(prefix + value.name());
		}
		return stored;
	}

	private static <E extends Enum<E>, S extends ProtocolMessageEnum> E[] fromStored(E[] values, S[] stored,
			E[] byNumber) {
		for (E value : values) {
			byNumber[stored[value.ordinal()].getNumber()] = value;
		}
		return byNumber;
	}

	/** A number this server has no constant for: a row written by a later version. */
	private static <E, S extends ProtocolMessageEnum> E known(E[] byNumber, S stored) {
		int number = (stored instanceof Enum<?> e && e.name().equals("UNRECOGNIZED")) ? -1 : stored.getNumber();
		E value = (number > 0 && number < byNumber.length) ? byNumber[number] : null;
		if (value == null) {
			throw new IllegalStateException("Stored context has " + stored + ", which this server does not know");
		}
		return value;
	}

}
