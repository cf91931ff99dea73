package io.nextbest.facts;

/** A service case: one fact per open case and per case closed recently. */
public final class ServiceCase {

	private final String id;

	private final String product;

	private final Severity severity;

	private final boolean open;

	private final long daysOpen;

	private final long daysSinceClosed;

	/**
	 * A case.
	 * @param id the case id
	 * @param product the product it is about, or an empty string
	 * @param severity how bad it is (null when only its closing is known)
	 * @param open whether it is still open
	 * @param daysOpen whole days since it was opened (0 when unknown)
	 * @param daysSinceClosed whole days since it was closed (-1 while open)
	 */
	public ServiceCase(String id, String product, Severity severity, boolean open, long daysOpen,
			long daysSinceClosed) {
		this.id = id;
		this.product = product;
		this.severity = severity;
		this.open = open;
		this.daysOpen = daysOpen;
		this.daysSinceClosed = daysSinceClosed;
	}

	/**
	 * @return the case id
	 */
	public String getId() {
		return this.id;
	}

	/**
	 * @return the product, or an empty string
	 */
	public String getProduct() {
		return this.product;
	}

	/**
	 * @return the severity, or null when unknown
	 */
	public Severity getSeverity() {
		return this.severity;
	}

	/**
	 * @return whether the case is open
	 */
	public boolean isOpen() {
		return this.open;
	}

	/**
	 * @return whole days since the case was opened
	 */
	public long getDaysOpen() {
		return this.daysOpen;
	}

	/**
	 * @return whole days since the case was closed, or -1 while open
	 */
	public long getDaysSinceClosed() {
		return this.daysSinceClosed;
	}

	@Override
	public String toString() {
		return "ServiceCase[" + this.id + (this.open ? " open" : " closed") + "]";
	}

}
