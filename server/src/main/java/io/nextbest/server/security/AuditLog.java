package io.nextbest.server.security;

import java.time.Instant;

import com.google.gson.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one line of JSON per rpc that changes rules or reads or erases a
 * customer's data, and per call refused for its credentials or roles. It goes to its own
 * logger, {@value #LOGGER}, which the logging configuration writes to a file of its own
 * ({@code NBA_AUDIT_LOG}) and never to the ordinary log: these lines name customers, the
 * ordinary log does not.
 */
public final class AuditLog {

	/** The logger the audit lines go to. */
	public static final String LOGGER = "nextbest.audit";

	private static final Logger log = LoggerFactory.getLogger(LOGGER);

	/**
	 * Writes one line.
	 * @param rpc the rpc, by full method name
	 * @param caller the caller's name, or how it failed to prove one
	 * @param subject what the call was about: {@code customer} or {@code rules}
	 * @param subjectValue the customer id or the rule set version; may be empty
	 * @param outcome {@code OK}, or the status the caller got
	 * @param detail more about the outcome; may be empty
	 */
	public void record(String rpc, String caller, String subject, String subjectValue, String outcome, String detail) {
		JsonObject line = new JsonObject();
		line.addProperty("at", Instant.now().toString());
		line.addProperty("rpc", rpc);
		line.addProperty("caller", caller);
		if (!subjectValue.isEmpty()) {
			line.addProperty(subject, subjectValue);
		}
		line.addProperty("outcome", outcome);
		if (!detail.isEmpty()) {
			line.addProperty("detail", detail);
		}
		log.info("{}", line);
	}

}
