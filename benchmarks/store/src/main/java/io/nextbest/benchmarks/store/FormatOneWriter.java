package io.nextbest.benchmarks.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.ConsentRecord;
import io.nextbest.engine.context.CustomerContext.ContactRecord;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext.ProfileAttribute;
import io.nextbest.engine.context.CustomerContext.ServiceCase;
import io.nextbest.engine.context.CustomerContext.SurveyRecord;

/**
 * The writer of the durable store's format 1 (a format byte, then the fields in order by
 * {@code DataOutputStream}, strings by {@code writeUTF}, enums by name), as the server
 * had it before the stored form moved to protobuf. The server only reads that format now
 * ({@code ContextCodec.decode}); the benchmark writes it to compare the two.
 */
final class FormatOneWriter {

	private static final int FORMAT = 1;

	private FormatOneWriter() {
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
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static void writeNullable(DataOutputStream out, String value) throws IOException {
		out.writeBoolean(value != null);
		if (value != null) {
			out.writeUTF(value);
		}
	}

}
