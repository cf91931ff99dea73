package io.nextbest.server.context;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;
import io.nextbest.server.context.ContextEvent.CaseClosed;
import io.nextbest.server.context.ContextEvent.CaseOpened;
import io.nextbest.server.context.ContextEvent.ConsentChanged;
import io.nextbest.server.context.ContextEvent.OutcomeRecorded;
import io.nextbest.server.context.ContextEvent.ProfileUpdated;
import io.nextbest.server.context.ContextEvent.StageChanged;
import io.nextbest.server.context.ContextEvent.SurveyAnswered;

/**
 * Compact serialization of the update sent to the owner of a customer's entry. A compact
 * schema is fixed per type, so every event kind writes the same fields and leaves those
 * it does not use empty; enums travel by name here, where a few bytes do not matter and
 * members of different versions may meet during a rolling upgrade.
 */
public final class ApplyEventSerializer implements CompactSerializer<ApplyEvent> {

	private static final String STAGE = "stage";

	private static final String CASE_OPENED = "caseOpened";

	private static final String CASE_CLOSED = "caseClosed";

	private static final String CONSENT = "consent";

	private static final String SURVEY = "survey";

	private static final String PROFILE = "profile";

	private static final String OUTCOME = "outcome";

	@Override
	public String getTypeName() {
		return "nba.ApplyEvent";
	}

	@Override
	public Class<ApplyEvent> getCompactClass() {
		return ApplyEvent.class;
	}

	@Override
	public void write(CompactWriter out, ApplyEvent update) {
		ContextEvent event = update.event();
		out.writeString("eventId", event.eventId());
		out.writeString("customerId", event.customerId());
		out.writeInt64("at", event.occurredAt());
		String kind = null;
		String text1 = null;
		String text2 = null;
		String enum1 = null;
		String enum2 = null;
		String enum3 = null;
		int number = 0;
		String[] names = null;
		String[] values = null;
		if (event instanceof StageChanged e) {
			kind = STAGE;
			text1 = e.journey();
			enum1 = e.stage().name();
		}
		else if (event instanceof CaseOpened e) {
			kind = CASE_OPENED;
			text1 = e.caseId();
			text2 = e.product();
			enum1 = e.severity().name();
		}
		else if (event instanceof CaseClosed e) {
			kind = CASE_CLOSED;
			text1 = e.caseId();
		}
		else if (event instanceof ConsentChanged e) {
			kind = CONSENT;
			enum1 = e.channel().name();
			enum2 = e.purpose().name();
			enum3 = e.status().name();
		}
		else if (event instanceof SurveyAnswered e) {
			kind = SURVEY;
			enum1 = e.type().name();
			number = e.score();
		}
		else if (event instanceof ProfileUpdated e) {
			kind = PROFILE;
			names = e.attributes().keySet().toArray(String[]::new);
			values = e.attributes().values().toArray(String[]::new);
		}
		else if (event instanceof OutcomeRecorded e) {
			kind = OUTCOME;
			text1 = e.decisionId();
			text2 = e.actionId();
			enum1 = e.channel().name();
			enum2 = e.outcome().name();
		}
		out.writeString("kind", kind);
		out.writeString("text1", text1);
		out.writeString("text2", text2);
		out.writeString("enum1", enum1);
		out.writeString("enum2", enum2);
		out.writeString("enum3", enum3);
		out.writeInt32("number", number);
		out.writeArrayOfString("names", names);
		out.writeArrayOfString("values", values);
		ContextLimits limits = update.limits();
		out.writeInt64("closedCaseRetention", limits.closedCaseRetention().toMillis());
		out.writeInt32("maxCases", limits.maxCases());
		out.writeInt32("maxHistory", limits.maxHistory());
		out.writeInt64("historyRetention", limits.historyRetention().toMillis());
		out.writeInt32("eventIdWindow", limits.eventIdWindow());
		out.writeBoolean("backup", update.isBackup());
	}

	@Override
	public ApplyEvent read(CompactReader in) {
		String id = in.readString("eventId");
		String customer = in.readString("customerId");
		long at = in.readInt64("at");
		String text1 = in.readString("text1");
		String text2 = in.readString("text2");
		String enum1 = in.readString("enum1");
		String enum2 = in.readString("enum2");
		ContextEvent event = switch (in.readString("kind")) {
			case STAGE -> new StageChanged(id, customer, at, text1, Stage.valueOf(enum1));
			case CASE_OPENED -> new CaseOpened(id, customer, at, text1, text2, Severity.valueOf(enum1));
			case CASE_CLOSED -> new CaseClosed(id, customer, at, text1);
			case CONSENT -> new ConsentChanged(id, customer, at, Channel.valueOf(enum1), Purpose.valueOf(enum2),
					ConsentStatus.valueOf(in.readString("enum3")));
			case SURVEY -> new SurveyAnswered(id, customer, at, SurveyType.valueOf(enum1), in.readInt32("number"));
			case PROFILE -> new ProfileUpdated(id, customer, at,
					zip(in.readArrayOfString("names"), in.readArrayOfString("values")));
			case OUTCOME ->
				new OutcomeRecorded(id, customer, at, text1, text2, Channel.valueOf(enum1), Outcome.valueOf(enum2));
			default -> throw new IllegalStateException("Unknown event kind " + in.readString("kind"));
		};
		ContextLimits limits = new ContextLimits(Duration.ofMillis(in.readInt64("closedCaseRetention")),
				in.readInt32("maxCases"), in.readInt32("maxHistory"),
				Duration.ofMillis(in.readInt64("historyRetention")), in.readInt32("eventIdWindow"));
		return new ApplyEvent(event, limits, in.readBoolean("backup"));
	}

	private static Map<String, String> zip(String[] names, String[] values) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < names.length; i++) {
			map.put(names[i], values[i]);
		}
		return map;
	}

}
