package io.nextbest.server.suppression;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.nextbest.engine.decision.SuppressionCheck.Verdict;
import io.nextbest.facts.ReasonCode;

/**
 * Verdicts as they travel back from the member that checked them: a flag per recipient,
 * in order, and for a suppression its reason code (by name, so members of different
 * builds agree), message and rule.
 */
public final class VerdictCodec {

	private VerdictCodec() {
	}

	/**
	 * @param verdicts verdicts, in order
	 * @return their encoded form
	 */
	public static byte[] encode(List<Verdict> verdicts) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * verdicts.size() + 16);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(verdicts.size());
			for (Verdict verdict : verdicts) {
				out.writeBoolean(verdict.send());
				if (!verdict.send()) {
					out.writeUTF((verdict.code() != null) ? verdict.code().name() : "");
					out.writeUTF(verdict.message());
					out.writeUTF(verdict.rule());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * @param encoded what {@link #encode} wrote
	 * @return the verdicts, in order
	 */
	public static List<Verdict> decode(byte[] encoded) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
			int size = in.readInt();
			List<Verdict> verdicts = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				if (in.readBoolean()) {
					verdicts.add(Verdict.SEND);
				}
				else {
					String code = in.readUTF();
					verdicts.add(new Verdict(false, code.isEmpty() ? null : ReasonCode.valueOf(code), in.readUTF(),
							in.readUTF()));
				}
			}
			return verdicts;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
