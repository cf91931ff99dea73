package io.nextbest.server.grpc;

import java.util.logging.LogRecord;

import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.server.logging.LogThrottle;

/**
 * Throttles what gRPC's Netty transport logs when a caller sends a message larger than it
 * reads (see {@link RequestGuard}): a WARN with a stack trace per message, which a caller
 * could repeat at will. It becomes one line a minute, with the count of those left out.
 * Everything else the transport logs passes as it is.
 */
final class TransportLog {

	private static final Logger log = LoggerFactory.getLogger(TransportLog.class);

	private static final LogThrottle THROTTLE = new LogThrottle(LogThrottle.MINUTE);

	/** Held here: java.util.logging keeps its loggers, and their filters, weakly. */
	private static final java.util.logging.Logger NETTY_STREAM = java.util.logging.Logger
		.getLogger("io.grpc.netty.NettyServerStream");

	private TransportLog() {
	}

	/** Installs the throttle; installing it again changes nothing. */
	static void throttle() {
		NETTY_STREAM.setFilter(TransportLog::loggable);
	}

	private static boolean loggable(LogRecord record) {
		if (!"Exception processing message".equals(record.getMessage()) || record.getThrown() == null) {
			return true;
		}
		Status status = Status.fromThrowable(record.getThrown());
		long heldBack = THROTTLE.admit(status.getCode().name());
		if (heldBack >= 0) {
			log.warn("Cut off a request message at the transport: {} {}{}", status.getCode(), status.getDescription(),
					LogThrottle.heldBack(heldBack));
		}
		return false;
	}

}
