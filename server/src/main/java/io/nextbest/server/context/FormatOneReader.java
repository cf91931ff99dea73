package io.nextbest.server.context;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
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
import io.nextbest.engine.context.CustomerContext.SurveyRecord;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

/**
 * Reads contexts stored in format 1, which servers wrote before the stored form moved to
 * protobuf ({@link ContextCodec}): a {@code java.io.DataOutputStream} of the fields in
 * order, strings by {@code writeUTF}, enums by name, lists as a count and their items.
 * Rows of that format stay in a store until their customer's next change rewrites them.
 */
final class FormatOneReader {

	/** The first byte of a row of this format. */
	static final int FORMAT = 1;

	private FormatOneReader() {
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
			return new CustomerContext(customerId, updatedAt, List.copyOf(journeys), List.copyOf(cases),
					List.copyOf(consents), List.copyOf(surveys), List.copyOf(profile), List.copyOf(history),
					recentEventIds);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String readNullable(DataInputStream in) throws IOException {
		return in.readBoolean() ? in.readUTF() : null;
	}

}
