package io.nextbest.cli;

import io.nextbest.api.v1.RecordEventResponse;

/**
 * Prints what became of a recorded event: {@code event 3f2c...: applied}.
 */
final class EventText {

	private EventText() {
	}

	static String of(RecordEventResponse response) {
		return "event " + response.getEventId() + ": " + EnumNames.of(response.getDisposition())
				+ System.lineSeparator();
	}

}
