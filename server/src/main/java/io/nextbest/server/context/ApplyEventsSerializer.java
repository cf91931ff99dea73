package io.nextbest.server.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextEvent.CaseClosed;
import io.nextbest.engine.context.ContextEvent.CaseOpened;
import io.nextbest.engine.context.ContextEvent.ConsentChanged;
import io.nextbest.engine.context.ContextEvent.OutcomeRecorded;
import io.nextbest.engine.context.ContextEvent.ProfileUpdated;
import io.nextbest.engine.context.ContextEvent.StageChanged;
import io.nextbest.engine.context.ContextEvent.SurveyAnswered;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

/**
 * Compact serialization of the update sent to the owner of a customer's entry: its events
 * column by column (a compact schema is fixed per type, so every event kind fills the
 * same columns and leaves those it does not use empty). A profile update's attributes are
 * laid end to end in two columns, with a count per event. Enums travel by name here,
 * where a few bytes do not matter and members of different versions may meet during a
 * rolling upgrade.
 */
public final class ApplyEventsSerializer implements CompactSerializer<ApplyEvents> {

	private static final String STAGE = "stage";

	private static final String CASE_OPENED = "caseOpened";

	private static final String CASE_CLOSED = "caseClosed";

	private static final String CONSENT = "consent";

	private static final String SURVEY = "survey";

	private static final String PROFILE = "profile";

	private static final String OUTCOME = "outcome";

	@Override
	public String getTypeName() {
		return "nba.ApplyEvents";
	}

	@Override
	public Class<ApplyEvents> getCompactClass() {
		return ApplyEvents.class;
	}

	@Override
	public void write(CompactWriter out, ApplyEvents update) {
		List<ContextEvent> events = update.events();
		int n = events.size();
		String[] ids = new String[n];
		long[] at = new long[n];
		String[] kinds = new String[n];
		String[] text1 = new String[n];
		String[] text2 = new String[n];
		String[] enum1 = new String[n];
		String[] enum2 = new String[n];
		String[] enum3 = new String[n];
		int[] numbers = new int[n];
		int[] attributeCounts = new int[n];
		List<String> names = new ArrayList<>();
		List<String> values = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			ContextEvent event = events.get(i);
			ids[i] = event.eventId();
			at[i] = event.occurredAt();
			if (event instanceof StageChanged e) {
				kinds[i] = STAGE;
				text1[i] = e.journey();
				enum1[i] = e.stage().name();
			}
			else if (event instanceof CaseOpened e) {
				kinds[i] = CASE_OPENED;
				text1[i] = e.caseId();
				text2[i] = e.product();
				enum1[i] = e.severity().name();
			}
			else if (event instanceof CaseClosed e) {
				kinds[i] = CASE_CLOSED;
				text1[i] = e.caseId();
			}
			else if (event instanceof ConsentChanged e) {
				kinds[i] = CONSENT;
				enum1[i] = e.channel().name();
				enum2[i] = e.purpose().name();
				enum3[i] = e.status().name();
			}
			else if (event instanceof SurveyAnswered e) {
				kinds[i] = SURVEY;
				enum1[i] = e.type().name();
				numbers[i] = e.score();
				text1[i] = e.decisionId();
				text2[i] = e.caseId();
				enum2[i] = (e.channel() != null) ? e.channel().name() : null;
			}
			else if (event instanceof ProfileUpdated e) {
				kinds[i] = PROFILE;
				attributeCounts[i] = e.attributes().size();
				names.addAll(e.attributes().keySet());
				values.addAll(e.attributes().values());
			}
			else if (event instanceof OutcomeRecorded e) {
				kinds[i] = OUTCOME;
				text1[i] = e.decisionId();
				text2[i] = e.actionId();
				enum1[i] = e.channel().name();
				enum2[i] = e.outcome().name();
			}
		}
		out.writeString("customerId", (n > 0) ? events.get(0).customerId() : null);
		out.writeArrayOfString("eventIds", ids);
		out.writeArrayOfInt64("at", at);
		out.writeArrayOfString("kinds", kinds);
		out.writeArrayOfString("text1", text1);
		out.writeArrayOfString("text2", text2);
		out.writeArrayOfString("enum1", enum1);
		out.writeArrayOfString("enum2", enum2);
		out.writeArrayOfString("enum3", enum3);
		out.writeArrayOfInt32("numbers", numbers);
		out.writeArrayOfInt32("attributeCounts", attributeCounts);
		out.writeArrayOfString("names", names.toArray(String[]::new));
		out.writeArrayOfString("values", values.toArray(String[]::new));
		ContextLimits limits = update.limits();
		out.writeInt64("closedCaseRetention", limits.closedCaseRetention().toMillis());
		out.writeInt32("maxCases", limits.maxCases());
		out.writeInt32("maxHistory", limits.maxHistory());
		out.writeInt64("historyRetention", limits.historyRetention().toMillis());
		out.writeInt32("eventIdWindow", limits.eventIdWindow());
		out.writeInt64("maxClockSkew", limits.maxClockSkew().toMillis());
		out.writeBoolean("backup", update.isBackup());
		out.writeArrayOfString("counted", update.counted().toArray(String[]::new));
	}

	@Override
	public ApplyEvents read(CompactReader in) {
		String customer = in.readString("customerId");
		String[] ids = in.readArrayOfString("eventIds");
		long[] at = in.readArrayOfInt64("at");
		String[] kinds = in.readArrayOfString("kinds");
		String[] text1 = in.readArrayOfString("text1");
		String[] text2 = in.readArrayOfString("text2");
		String[] enum1 = in.readArrayOfString("enum1");
		String[] enum2 = in.readArrayOfString("enum2");
		String[] enum3 = in.readArrayOfString("enum3");
		int[] numbers = in.readArrayOfInt32("numbers");
		int[] attributeCounts = in.readArrayOfInt32("attributeCounts");
		String[] names = in.readArrayOfString("names");
		String[] values = in.readArrayOfString("values");
		List<ContextEvent> events = new ArrayList<>(ids.length);
		int attribute = 0;
		for (int i = 0; i < ids.length; i++) {
			String id = ids[i];
			events.add(switch (kinds[i]) {
				case STAGE -> new StageChanged(id, customer, at[i], text1[i], Stage.valueOf(enum1[i]));
				case CASE_OPENED -> new CaseOpened(id, customer, at[i], text1[i], text2[i], Severity.valueOf(enum1[i]));
				case CASE_CLOSED -> new CaseClosed(id, customer, at[i], text1[i]);
				case CONSENT -> new ConsentChanged(id, customer, at[i], Channel.valueOf(enum1[i]),
						Purpose.valueOf(enum2[i]), ConsentStatus.valueOf(enum3[i]));
				case SURVEY -> new SurveyAnswered(id, customer, at[i], SurveyType.valueOf(enum1[i]), numbers[i],
						(text1[i] != null) ? text1[i] : "", (text2[i] != null) ? text2[i] : "",
						(enum2[i] != null) ? Channel.valueOf(enum2[i]) : null);
				case PROFILE -> new ProfileUpdated(id, customer, at[i],
						zip(names, values, attribute, attribute + attributeCounts[i]));
				case OUTCOME -> new OutcomeRecorded(id, customer, at[i], text1[i], text2[i], Channel.valueOf(enum1[i]),
						Outcome.valueOf(enum2[i]));
				default -> throw new IllegalStateException("Unknown event kind " + kinds[i]);
			});
			attribute += attributeCounts[i];
		}
		ContextLimits limits = new ContextLimits(Duration.ofMillis(in.readInt64("closedCaseRetention")),
				in.readInt32("maxCases"), in.readInt32("maxHistory"),
				Duration.ofMillis(in.readInt64("historyRetention")), in.readInt32("eventIdWindow"), maxClockSkew(in));
		// Absent when a member of an earlier version sent the update.
		Set<String> counted = (in.getFieldKind("counted") == FieldKind.ARRAY_OF_STRING)
				? Set.of(in.readArrayOfString("counted")) : Set.of();
		return new ApplyEvents(events, limits, in.readBoolean("backup"), counted);
	}

	/**
	 * The skew window, or the default from a member of an older version that does not
	 * send one (during a rolling upgrade).
	 */
	private static Duration maxClockSkew(CompactReader in) {
		return (in.getFieldKind("maxClockSkew") == FieldKind.INT64) ? Duration.ofMillis(in.readInt64("maxClockSkew"))
				: ContextLimits.DEFAULTS.maxClockSkew();
	}

	private static Map<String, String> zip(String[] names, String[] values, int from, int to) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = from; i < to; i++) {
			map.put(names[i], values[i]);
		}
		return map;
	}

}
