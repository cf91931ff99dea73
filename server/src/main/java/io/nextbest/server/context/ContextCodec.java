package io.nextbest.server.context;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

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
 * The stored form of a context in the durable store. It is independent of Hazelcast's
 * serialization on purpose: the store outlives every cluster, so a row must read back
 * without the schema registry of the cluster that wrote it. Enums are written by name, so
 * reordering a vocabulary enum never changes what a stored row means, and the first byte
 * is a format version for later changes.
 */
final class ContextCodec {

	private static final int FORMAT = 1;

	private ContextCodec() {
	}

	static byte[] encode(CustomerContext c) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeUTF(c.customerId());
			out.writeLong(c.updatedAt());
			out.writeShort(c.journeys().size());
			for (JourneyPosition j : c.journeys()) {
				out.writeUTF(j.journey());
				out.writeUTF(j.stage().name());
				out.writeLong(j.since());
			}
			out.writeShort(c.cases().size());
			for (ServiceCase k : c.cases()) {
				out.writeUTF(k.caseId());
				writeNullable(out, k.product());
				writeNullable(out, (k.severity() != null) ? k.severity().name() : null);
				out.writeLong(k.openedAt());
				out.writeLong(k.closedAt());
				out.writeLong(k.updatedAt());
			}
			out.writeShort(c.consents().size());
			for (ConsentRecord k : c.consents()) {
				out.writeUTF(k.channel().name());
				out.writeUTF(k.purpose().name());
				out.writeUTF(k.status().name());
				out.writeLong(k.changedAt());
			}
			out.writeShort(c.surveys().size());
			for (SurveyRecord s : c.surveys()) {
				out.writeUTF(s.type().name());
				out.writeInt(s.score());
				out.writeLong(s.answeredAt());
			}
			out.writeShort(c.profile().size());
			for (ProfileAttribute p : c.profile()) {
				out.writeUTF(p.name());
				writeNullable(out, p.value());
				out.writeLong(p.updatedAt());
			}
			out.writeShort(c.history().size());
			for (ContactRecord h : c.history()) {
				writeNullable(out, h.decisionId());
				out.writeUTF(h.actionId());
				out.writeUTF(h.channel().name());
				out.writeUTF(h.outcome().name());
				out.writeLong(h.occurredAt());
			}
			out.writeShort(c.recentEventIds().length);
			for (long id : c.recentEventIds()) {
				out.writeLong(id);
			}
			// Added after the first rows were written: at the end, so that those rows
			// (which end here) read as contexts without stage history.
			out.writeShort(c.stageHistory().size());
			for (StageChange t : c.stageHistory()) {
				out.writeUTF(t.journey());
				writeNullable(out, (t.from() != null) ? t.from().name() : null);
				out.writeUTF(t.to().name());
				out.writeLong(t.at());
				out.writeLong(t.fromSince());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static CustomerContext decode(byte[] stored) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
			int format = in.readUnsignedByte();
			if (format != FORMAT) {
				throw new IllegalStateException(
						"Stored context has format " + format + ", this server reads " + FORMAT);
			}
			String customerId = in.readUTF();
			long updatedAt = in.readLong();
			List<JourneyPosition> journeys = new ArrayList<>();
			for (int i = in.readUnsignedShort(); i > 0; i--) {
				journeys.add(new JourneyPosition(in.readUTF(), Stage.valueOf(in.readUTF()), in.readLong()));
			}
			List<ServiceCase> cases = new ArrayList<>();
			for (int i = in.readUnsignedShort(); i > 0; i--) {
				String caseId = in.readUTF();
				String product = readNullable(in);
				String severity = readNullable(in);
				cases.add(new ServiceCase(caseId, product, (severity != null) ? Severity.valueOf(severity) : null,
						in.readLong(), in.readLong(), in.readLong()));
			}
			List<ConsentRecord> consents = new ArrayList<>();
			for (int i = in.readUnsignedShort(); i > 0; i--) {
				consents.add(new ConsentRecord(Channel.valueOf(in.readUTF()), Purpose.valueOf(in.readUTF()),
						ConsentStatus.valueOf(in.readUTF()), in.readLong()));
			}
			List<SurveyRecord> surveys = new ArrayList<>();
			for (int i = in.readUnsignedShort(); i > 0; i--) {
				surveys.add(new SurveyRecord(SurveyType.valueOf(in.readUTF()), in.readInt(), in.readLong()));
			}
			List<ProfileAttribute> profile = new ArrayList<>();
			for (int i = in.readUnsignedShort(); i > 0; i--) {
				profile.add(new ProfileAttribute(in.readUTF(), readNullable(in), in.readLong()));
			}
			List<ContactRecord> history = new ArrayList<>();
			for (int i = in.readUnsignedShort(); i > 0; i--) {
				String decisionId = readNullable(in);
				history.add(new ContactRecord(decisionId, in.readUTF(), Channel.valueOf(in.readUTF()),
						Outcome.valueOf(in.readUTF()), in.readLong()));
			}
			long[] recentEventIds = new long[in.readUnsignedShort()];
			for (int i = 0; i < recentEventIds.length; i++) {
				recentEventIds[i] = in.readLong();
			}
			List<StageChange> stageHistory = new ArrayList<>();
			for (int i = (in.available() > 0) ? in.readUnsignedShort() : 0; i > 0; i--) {
				String journey = in.readUTF();
				String from = readNullable(in);
				stageHistory.add(new StageChange(journey, (from != null) ? Stage.valueOf(from) : null,
						Stage.valueOf(in.readUTF()), in.readLong(), in.readLong()));
			}
			return new CustomerContext(customerId, updatedAt, List.copyOf(journeys), List.copyOf(cases),
					List.copyOf(consents), List.copyOf(surveys), List.copyOf(profile), List.copyOf(history),
					recentEventIds, 0, List.copyOf(stageHistory));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeNullable(DataOutputStream out, String value) throws IOException {
		out.writeBoolean(value != null);
		if (value != null) {
			out.writeUTF(value);
		}
	}

	private static String readNullable(DataInputStream in) throws IOException {
		return in.readBoolean() ? in.readUTF() : null;
	}

}
