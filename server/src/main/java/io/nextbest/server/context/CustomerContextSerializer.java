package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.List;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

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

/**
 * Compact serialization of a context as columns: one array per field of each list, enums
 * as one byte (their ordinal: the vocabulary enums are append-only). This keeps a typical
 * context to a few hundred bytes and reads without reflection.
 */
public final class CustomerContextSerializer implements CompactSerializer<CustomerContext> {

	@Override
	public String getTypeName() {
		return "nba.CustomerContext";
	}

	@Override
	public Class<CustomerContext> getCompactClass() {
		return CustomerContext.class;
	}

	@Override
	public void write(CompactWriter out, CustomerContext c) {
		out.writeString("id", c.customerId());
		out.writeInt64("updatedAt", c.updatedAt());
		out.writeInt64("revision", c.revision());

		List<JourneyPosition> journeys = c.journeys();
		String[] jName = new String[journeys.size()];
		byte[] jStage = new byte[journeys.size()];
		long[] jSince = new long[journeys.size()];
		boolean[] jCounted = new boolean[journeys.size()];
		long[] jEntered = new long[journeys.size()];
		for (int i = 0; i < jName.length; i++) {
			JourneyPosition j = journeys.get(i);
			jName[i] = j.journey();
			jStage[i] = (byte) j.stage().ordinal();
			jSince[i] = j.since();
			jCounted[i] = j.counted();
			jEntered[i] = j.entered();
		}
		out.writeArrayOfString("jName", jName);
		out.writeArrayOfInt8("jStage", jStage);
		out.writeArrayOfInt64("jSince", jSince);
		out.writeArrayOfBoolean("jCounted", jCounted);
		out.writeArrayOfInt64("jEntered", jEntered);

		List<ServiceCase> cases = c.cases();
		String[] cId = new String[cases.size()];
		String[] cProduct = new String[cases.size()];
		byte[] cSeverity = new byte[cases.size()];
		long[] cOpened = new long[cases.size()];
		long[] cClosed = new long[cases.size()];
		long[] cUpdated = new long[cases.size()];
		for (int i = 0; i < cId.length; i++) {
			ServiceCase k = cases.get(i);
			cId[i] = k.caseId();
			cProduct[i] = k.product();
			cSeverity[i] = (k.severity() != null) ? (byte) k.severity().ordinal() : -1;
			cOpened[i] = k.openedAt();
			cClosed[i] = k.closedAt();
			cUpdated[i] = k.updatedAt();
		}
		out.writeArrayOfString("cId", cId);
		out.writeArrayOfString("cProduct", cProduct);
		out.writeArrayOfInt8("cSeverity", cSeverity);
		out.writeArrayOfInt64("cOpened", cOpened);
		out.writeArrayOfInt64("cClosed", cClosed);
		out.writeArrayOfInt64("cUpdated", cUpdated);

		List<ConsentRecord> consents = c.consents();
		byte[] kChannel = new byte[consents.size()];
		byte[] kPurpose = new byte[consents.size()];
		byte[] kStatus = new byte[consents.size()];
		long[] kAt = new long[consents.size()];
		for (int i = 0; i < kAt.length; i++) {
			ConsentRecord k = consents.get(i);
			kChannel[i] = (byte) k.channel().ordinal();
			kPurpose[i] = (byte) k.purpose().ordinal();
			kStatus[i] = (byte) k.status().ordinal();
			kAt[i] = k.changedAt();
		}
		out.writeArrayOfInt8("kChannel", kChannel);
		out.writeArrayOfInt8("kPurpose", kPurpose);
		out.writeArrayOfInt8("kStatus", kStatus);
		out.writeArrayOfInt64("kAt", kAt);

		List<SurveyRecord> surveys = c.surveys();
		byte[] sType = new byte[surveys.size()];
		byte[] sScore = new byte[surveys.size()];
		long[] sAt = new long[surveys.size()];
		byte[] sChannel = new byte[surveys.size()];
		for (int i = 0; i < sAt.length; i++) {
			SurveyRecord s = surveys.get(i);
			sType[i] = (byte) s.type().ordinal();
			sScore[i] = (byte) s.score();
			sAt[i] = s.answeredAt();
			sChannel[i] = (byte) ((s.channel() != null) ? s.channel().ordinal() : -1);
		}
		out.writeArrayOfInt8("sType", sType);
		out.writeArrayOfInt8("sScore", sScore);
		out.writeArrayOfInt64("sAt", sAt);
		out.writeArrayOfInt8("sChannel", sChannel);

		List<ProfileAttribute> profile = c.profile();
		String[] pName = new String[profile.size()];
		String[] pValue = new String[profile.size()];
		long[] pAt = new long[profile.size()];
		for (int i = 0; i < pAt.length; i++) {
			ProfileAttribute p = profile.get(i);
			pName[i] = p.name();
			pValue[i] = p.value();
			pAt[i] = p.updatedAt();
		}
		out.writeArrayOfString("pName", pName);
		out.writeArrayOfString("pValue", pValue);
		out.writeArrayOfInt64("pAt", pAt);

		List<ContactRecord> history = c.history();
		String[] hDecision = new String[history.size()];
		String[] hAction = new String[history.size()];
		byte[] hChannel = new byte[history.size()];
		byte[] hOutcome = new byte[history.size()];
		long[] hAt = new long[history.size()];
		for (int i = 0; i < hAt.length; i++) {
			ContactRecord h = history.get(i);
			hDecision[i] = h.decisionId();
			hAction[i] = h.actionId();
			hChannel[i] = (byte) h.channel().ordinal();
			hOutcome[i] = (byte) h.outcome().ordinal();
			hAt[i] = h.occurredAt();
		}
		out.writeArrayOfString("hDecision", hDecision);
		out.writeArrayOfString("hAction", hAction);
		out.writeArrayOfInt8("hChannel", hChannel);
		out.writeArrayOfInt8("hOutcome", hOutcome);
		out.writeArrayOfInt64("hAt", hAt);

		out.writeArrayOfInt64("events", c.recentEventIds());

		List<StageChange> changes = c.stageHistory();
		String[] tJourney = new String[changes.size()];
		byte[] tFrom = new byte[changes.size()];
		byte[] tTo = new byte[changes.size()];
		long[] tAt = new long[changes.size()];
		long[] tFromSince = new long[changes.size()];
		for (int i = 0; i < tAt.length; i++) {
			StageChange t = changes.get(i);
			tJourney[i] = t.journey();
			tFrom[i] = (t.from() != null) ? (byte) t.from().ordinal() : -1;
			tTo[i] = (byte) t.to().ordinal();
			tAt[i] = t.at();
			tFromSince[i] = t.fromSince();
		}
		out.writeArrayOfString("tJourney", tJourney);
		out.writeArrayOfInt8("tFrom", tFrom);
		out.writeArrayOfInt8("tTo", tTo);
		out.writeArrayOfInt64("tAt", tAt);
		out.writeArrayOfInt64("tFromSince", tFromSince);
	}

	/**
	 * The stage history, which members of an older version do not write: they send a
	 * schema without it during a rolling upgrade.
	 */
	private static List<StageChange> stageHistory(CompactReader in, Stage[] stages) {
		if (in.getFieldKind("tJourney") == FieldKind.NOT_AVAILABLE) {
			return List.of();
		}
		String[] tJourney = in.readArrayOfString("tJourney");
		byte[] tFrom = in.readArrayOfInt8("tFrom");
		byte[] tTo = in.readArrayOfInt8("tTo");
		long[] tAt = in.readArrayOfInt64("tAt");
		long[] tFromSince = in.readArrayOfInt64("tFromSince");
		List<StageChange> changes = new ArrayList<>(tAt.length);
		for (int i = 0; i < tAt.length; i++) {
			changes.add(new StageChange(tJourney[i], (tFrom[i] >= 0) ? stages[tFrom[i]] : null, stages[tTo[i]], tAt[i],
					tFromSince[i]));
		}
		return List.copyOf(changes);
	}

	@Override
	public CustomerContext read(CompactReader in) {
		Stage[] stages = Stage.values();
		String[] jName = in.readArrayOfString("jName");
		byte[] jStage = in.readArrayOfInt8("jStage");
		long[] jSince = in.readArrayOfInt64("jSince");
		// Absent when a member of an earlier version wrote the context.
		boolean[] jCounted = (in.getFieldKind("jCounted") == FieldKind.ARRAY_OF_BOOLEAN)
				? in.readArrayOfBoolean("jCounted") : new boolean[jName.length];
		long[] jEntered = (in.getFieldKind("jEntered") == FieldKind.ARRAY_OF_INT64) ? in.readArrayOfInt64("jEntered")
				: new long[jName.length];
		List<JourneyPosition> journeys = new ArrayList<>(jName.length);
		for (int i = 0; i < jName.length; i++) {
			journeys.add(new JourneyPosition(jName[i], stages[jStage[i]], jSince[i], jCounted[i], jEntered[i]));
		}

		Severity[] severities = Severity.values();
		String[] cId = in.readArrayOfString("cId");
		String[] cProduct = in.readArrayOfString("cProduct");
		byte[] cSeverity = in.readArrayOfInt8("cSeverity");
		long[] cOpened = in.readArrayOfInt64("cOpened");
		long[] cClosed = in.readArrayOfInt64("cClosed");
		long[] cUpdated = in.readArrayOfInt64("cUpdated");
		List<ServiceCase> cases = new ArrayList<>(cId.length);
		for (int i = 0; i < cId.length; i++) {
			Severity severity = (cSeverity[i] >= 0) ? severities[cSeverity[i]] : null;
			cases.add(new ServiceCase(cId[i], cProduct[i], severity, cOpened[i], cClosed[i], cUpdated[i]));
		}

		Channel[] channels = Channel.values();
		Purpose[] purposes = Purpose.values();
		ConsentStatus[] statuses = ConsentStatus.values();
		byte[] kChannel = in.readArrayOfInt8("kChannel");
		byte[] kPurpose = in.readArrayOfInt8("kPurpose");
		byte[] kStatus = in.readArrayOfInt8("kStatus");
		long[] kAt = in.readArrayOfInt64("kAt");
		List<ConsentRecord> consents = new ArrayList<>(kAt.length);
		for (int i = 0; i < kAt.length; i++) {
			consents.add(new ConsentRecord(channels[kChannel[i]], purposes[kPurpose[i]], statuses[kStatus[i]], kAt[i]));
		}

		SurveyType[] types = SurveyType.values();
		byte[] sType = in.readArrayOfInt8("sType");
		byte[] sScore = in.readArrayOfInt8("sScore");
		long[] sAt = in.readArrayOfInt64("sAt");
		// Members of an older version send no survey channels during a rolling upgrade.
		byte[] sChannel = (in.getFieldKind("sChannel") == FieldKind.NOT_AVAILABLE) ? null
				: in.readArrayOfInt8("sChannel");
		List<SurveyRecord> surveys = new ArrayList<>(sAt.length);
		for (int i = 0; i < sAt.length; i++) {
			Channel channel = (sChannel != null && sChannel[i] >= 0) ? channels[sChannel[i]] : null;
			surveys.add(new SurveyRecord(types[sType[i]], sScore[i], sAt[i], channel));
		}

		String[] pName = in.readArrayOfString("pName");
		String[] pValue = in.readArrayOfString("pValue");
		long[] pAt = in.readArrayOfInt64("pAt");
		List<ProfileAttribute> profile = new ArrayList<>(pAt.length);
		for (int i = 0; i < pAt.length; i++) {
			profile.add(new ProfileAttribute(pName[i], pValue[i], pAt[i]));
		}

		Outcome[] outcomes = Outcome.values();
		String[] hDecision = in.readArrayOfString("hDecision");
		String[] hAction = in.readArrayOfString("hAction");
		byte[] hChannel = in.readArrayOfInt8("hChannel");
		byte[] hOutcome = in.readArrayOfInt8("hOutcome");
		long[] hAt = in.readArrayOfInt64("hAt");
		List<ContactRecord> history = new ArrayList<>(hAt.length);
		for (int i = 0; i < hAt.length; i++) {
			history
				.add(new ContactRecord(hDecision[i], hAction[i], channels[hChannel[i]], outcomes[hOutcome[i]], hAt[i]));
		}

		return new CustomerContext(in.readString("id"), in.readInt64("updatedAt"), List.copyOf(journeys),
				List.copyOf(cases), List.copyOf(consents), List.copyOf(surveys), List.copyOf(profile),
				List.copyOf(history), in.readArrayOfInt64("events"), in.readInt64("revision"),
				stageHistory(in, stages));
	}

}
