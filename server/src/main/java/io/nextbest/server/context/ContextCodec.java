package io.nextbest.server.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.ConsentRecord;
import io.nextbest.engine.context.CustomerContext.ContactRecord;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext.ProfileAttribute;
import io.nextbest.engine.context.CustomerContext.ServiceCase;
import io.nextbest.engine.context.CustomerContext.StageChange;
import io.nextbest.engine.context.CustomerContext.SurveyRecord;
import io.nextbest.server.context.stored.StoredAttribute;
import io.nextbest.server.context.stored.StoredCase;
import io.nextbest.server.context.stored.StoredConsent;
import io.nextbest.server.context.stored.StoredContact;
import io.nextbest.server.context.stored.StoredContext;
import io.nextbest.server.context.stored.StoredJourney;
import io.nextbest.server.context.stored.StoredStage;
import io.nextbest.server.context.stored.StoredStageChange;
import io.nextbest.server.context.stored.StoredSurvey;

/**
 * The stored form of a context in the durable store: a format byte, then the protobuf
 * message {@code nba.store.v1.StoredContext} (server/src/main/proto). It is independent
 * of Hazelcast's serialization on purpose: the store outlives every cluster, so a row
 * must read back without the schema registry of the cluster that wrote it. Enums are
 * stored as the numbers of the .proto's own enums, matched to the server's by name, so
 * reordering a vocabulary enum never changes what a stored row means. Rows of format 1,
 * written by earlier versions, still read ({@link FormatOneReader}); a row is rewritten
 * in the current format at its customer's next change.
 */
public final class ContextCodec {

	/** The format this server writes: the first byte of every row. */
	static final int FORMAT = 2;

	private ContextCodec() {
	}

	/**
	 * The stored form of a context.
	 * @param context the context
	 * @return its bytes, in the current format
	 */
	public static byte[] encode(CustomerContext context) {
		StoredContext message = toMessage(context);
		byte[] stored = new byte[1 + message.getSerializedSize()];
		stored[0] = FORMAT;
		CodedOutputStream out = CodedOutputStream.newInstance(stored, 1, stored.length - 1);
		try {
			message.writeTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		out.checkNoSpaceLeft();
		return stored;
	}

	/**
	 * A context from its stored form, of any format this server reads.
	 * @param stored the bytes of a row
	 * @return the context, at revision 0 (the revision is a column of its own)
	 */
	public static CustomerContext decode(byte[] stored) {
		int format = (stored.length > 0) ? stored[0] & 0xff : -1;
		return switch (format) {
			case FORMAT -> fromMessage(parse(stored));
			case FormatOneReader.FORMAT -> FormatOneReader.decode(stored);
			default -> throw new IllegalStateException(
					"Stored context has format " + format + ", this server reads 1 and " + FORMAT);
		};
	}

	private static StoredContext parse(byte[] stored) {
		try {
			return StoredContext.parser().parseFrom(stored, 1, stored.length - 1);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException("Stored context of format " + FORMAT + " is not readable", ex);
		}
	}

	static StoredContext toMessage(CustomerContext c) {
		StoredContext.Builder message = StoredContext.newBuilder()
			.setCustomerId(c.customerId())
			.setUpdatedAt(c.updatedAt());
		for (JourneyPosition j : c.journeys()) {
			message.addJourneys(StoredJourney.newBuilder()
				.setJourney(j.journey())
				.setStage(StoredVocabulary.stage(j.stage()))
				.setSince(j.since())
				.setCounted(j.counted())
				.setEntered(j.entered()));
		}
		for (ServiceCase k : c.cases()) {
			StoredCase.Builder stored = StoredCase.newBuilder()
				.setCaseId(k.caseId())
				.setSeverity(StoredVocabulary.severity(k.severity()))
				.setOpenedAt(k.openedAt())
				.setClosedAt(k.closedAt())
				.setUpdatedAt(k.updatedAt());
			if (k.product() != null) {
				stored.setProduct(k.product());
			}
			message.addCases(stored);
		}
		for (ConsentRecord k : c.consents()) {
			message.addConsents(StoredConsent.newBuilder()
				.setChannel(StoredVocabulary.channel(k.channel()))
				.setPurpose(StoredVocabulary.purpose(k.purpose()))
				.setStatus(StoredVocabulary.status(k.status()))
				.setChangedAt(k.changedAt()));
		}
		for (SurveyRecord s : c.surveys()) {
			StoredSurvey.Builder stored = StoredSurvey.newBuilder()
				.setType(StoredVocabulary.surveyType(s.type()))
				.setScore(s.score())
				.setAnsweredAt(s.answeredAt());
			if (s.channel() != null) {
				stored.setChannel(StoredVocabulary.channel(s.channel()));
			}
			message.addSurveys(stored);
		}
		for (ProfileAttribute p : c.profile()) {
			StoredAttribute.Builder stored = StoredAttribute.newBuilder().setName(p.name()).setUpdatedAt(p.updatedAt());
			if (p.value() != null) {
				stored.setValue(p.value());
			}
			message.addProfile(stored);
		}
		for (ContactRecord h : c.history()) {
			StoredContact.Builder stored = StoredContact.newBuilder()
				.setActionId(h.actionId())
				.setChannel(StoredVocabulary.channel(h.channel()))
				.setOutcome(StoredVocabulary.outcome(h.outcome()))
				.setOccurredAt(h.occurredAt());
			if (h.decisionId() != null) {
				stored.setDecisionId(h.decisionId());
			}
			message.addHistory(stored);
		}
		for (long id : c.recentEventIds()) {
			message.addRecentEventIds(id);
		}
		for (StageChange t : c.stageHistory()) {
			StoredStageChange.Builder stored = StoredStageChange.newBuilder()
				.setJourney(t.journey())
				.setTo(StoredVocabulary.stage(t.to()))
				.setAt(t.at())
				.setFromSince(t.fromSince());
			if (t.from() != null) {
				stored.setFrom(StoredVocabulary.stage(t.from()));
			}
			message.addStageHistory(stored);
		}
		return message.build();
	}

	static CustomerContext fromMessage(StoredContext m) {
		List<JourneyPosition> journeys = new ArrayList<>(m.getJourneysCount());
		for (StoredJourney j : m.getJourneysList()) {
			journeys.add(new JourneyPosition(j.getJourney(), StoredVocabulary.stage(j.getStage()), j.getSince(),
					j.getCounted(), j.getEntered()));
		}
		List<ServiceCase> cases = new ArrayList<>(m.getCasesCount());
		for (StoredCase k : m.getCasesList()) {
			cases.add(new ServiceCase(k.getCaseId(), k.hasProduct() ? k.getProduct() : null,
					StoredVocabulary.severity(k.getSeverity()), k.getOpenedAt(), k.getClosedAt(), k.getUpdatedAt()));
		}
		List<ConsentRecord> consents = new ArrayList<>(m.getConsentsCount());
		for (StoredConsent k : m.getConsentsList()) {
			consents.add(new ConsentRecord(StoredVocabulary.channel(k.getChannel()),
					StoredVocabulary.purpose(k.getPurpose()), StoredVocabulary.status(k.getStatus()),
					k.getChangedAt()));
		}
		List<SurveyRecord> surveys = new ArrayList<>(m.getSurveysCount());
		for (StoredSurvey s : m.getSurveysList()) {
			surveys.add(new SurveyRecord(StoredVocabulary.surveyType(s.getType()), s.getScore(), s.getAnsweredAt(),
					s.hasChannel() ? StoredVocabulary.channel(s.getChannel()) : null));
		}
		List<ProfileAttribute> profile = new ArrayList<>(m.getProfileCount());
		for (StoredAttribute p : m.getProfileList()) {
			profile.add(new ProfileAttribute(p.getName(), p.hasValue() ? p.getValue() : null, p.getUpdatedAt()));
		}
		List<ContactRecord> history = new ArrayList<>(m.getHistoryCount());
		for (StoredContact h : m.getHistoryList()) {
			history.add(new ContactRecord(h.hasDecisionId() ? h.getDecisionId() : null, h.getActionId(),
					StoredVocabulary.channel(h.getChannel()), StoredVocabulary.outcome(h.getOutcome()),
					h.getOccurredAt()));
		}
		long[] recentEventIds = new long[m.getRecentEventIdsCount()];
		for (int i = 0; i < recentEventIds.length; i++) {
			recentEventIds[i] = m.getRecentEventIds(i);
		}
		List<StageChange> stageHistory = new ArrayList<>(m.getStageHistoryCount());
		for (StoredStageChange t : m.getStageHistoryList()) {
			stageHistory.add(new StageChange(t.getJourney(),
					(t.getFrom() != StoredStage.STAGE_UNSPECIFIED) ? StoredVocabulary.stage(t.getFrom()) : null,
					StoredVocabulary.stage(t.getTo()), t.getAt(), t.getFromSince()));
		}
		return new CustomerContext(m.getCustomerId(), m.getUpdatedAt(), List.copyOf(journeys), List.copyOf(cases),
				List.copyOf(consents), List.copyOf(surveys), List.copyOf(profile), List.copyOf(history), recentEventIds,
				0, List.copyOf(stageHistory));
	}

}
