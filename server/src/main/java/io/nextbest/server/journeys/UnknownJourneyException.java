package io.nextbest.server.journeys;

import java.util.List;

/** A journey journeys.yaml does not list: nothing is counted for it. */
public final class UnknownJourneyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	UnknownJourneyException(String journey, List<String> listed) {
		super("journey '" + journey + "' is not listed in journeys.yaml (listed: " + String.join(", ", listed) + ")");
	}

}
