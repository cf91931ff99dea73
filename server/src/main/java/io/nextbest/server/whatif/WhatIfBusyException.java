package io.nextbest.server.whatif;

/** Another what-if is running; one runs at a time. */
public final class WhatIfBusyException extends RuntimeException {

	WhatIfBusyException() {
		super("another what-if is running; try again once it has finished");
	}

}
