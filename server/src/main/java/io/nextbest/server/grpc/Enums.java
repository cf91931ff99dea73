package io.nextbest.server.grpc;

import io.nextbest.facts.ActionKind;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

/** The mapping of every enum of the API to its domain counterpart. */
final class Enums {

	static final EnumMapping<io.nextbest.api.v1.Channel, Channel> CHANNEL = new EnumMapping<>(
			io.nextbest.api.v1.Channel.class, "CHANNEL_", Channel.class);

	static final EnumMapping<io.nextbest.api.v1.Purpose, Purpose> PURPOSE = new EnumMapping<>(
			io.nextbest.api.v1.Purpose.class, "PURPOSE_", Purpose.class);

	static final EnumMapping<io.nextbest.api.v1.JourneyStage, Stage> STAGE = new EnumMapping<>(
			io.nextbest.api.v1.JourneyStage.class, "JOURNEY_STAGE_", Stage.class);

	static final EnumMapping<io.nextbest.api.v1.CaseSeverity, Severity> SEVERITY = new EnumMapping<>(
			io.nextbest.api.v1.CaseSeverity.class, "CASE_SEVERITY_", Severity.class);

	static final EnumMapping<io.nextbest.api.v1.ConsentStatus, ConsentStatus> CONSENT = new EnumMapping<>(
			io.nextbest.api.v1.ConsentStatus.class, "CONSENT_STATUS_", ConsentStatus.class);

	static final EnumMapping<io.nextbest.api.v1.SurveyType, SurveyType> SURVEY = new EnumMapping<>(
			io.nextbest.api.v1.SurveyType.class, "SURVEY_TYPE_", SurveyType.class);

	static final EnumMapping<io.nextbest.api.v1.Outcome, Outcome> OUTCOME = new EnumMapping<>(
			io.nextbest.api.v1.Outcome.class, "OUTCOME_", Outcome.class);

	static final EnumMapping<io.nextbest.api.v1.ReasonCode, ReasonCode> REASON = new EnumMapping<>(
			io.nextbest.api.v1.ReasonCode.class, "REASON_CODE_", ReasonCode.class);

	static final EnumMapping<io.nextbest.api.v1.ActionKind, ActionKind> KIND = new EnumMapping<>(
			io.nextbest.api.v1.ActionKind.class, "ACTION_KIND_", ActionKind.class);

	private Enums() {
	}

}
