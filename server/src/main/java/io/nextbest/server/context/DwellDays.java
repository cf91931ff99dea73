package io.nextbest.server.context;

/**
 * The time spent in a stage, as it is stored: to the day up to 62 days (where plans are
 * made in days and weeks), to the week up to a year, to 30 days up to three years, then
 * one bucket. It keeps the rows of a day's transitions bounded whatever the customers'
 * ages, and the percentiles exact where the plans are.
 */
public final class DwellDays {

	/** The last day counted apart. */
	static final int DAILY_UNTIL = 62;

	/** The start of the last bucket. */
	static final int LAST = 1095;

	private DwellDays() {
	}

	/**
	 * @param days whole days in the stage
	 * @return the first day of its bucket
	 */
	public static int bucket(long days) {
		if (days <= DAILY_UNTIL) {
			return (int) Math.max(0, days);
		}
		if (days < 364) {
			return (int) (DAILY_UNTIL + 1 + 7 * ((days - DAILY_UNTIL - 1) / 7));
		}
		if (days < LAST) {
			return (int) (364 + 30 * ((days - 364) / 30));
		}
		return LAST;
	}

}
