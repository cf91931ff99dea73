package io.nextbest.facts;

/** A survey instrument of the voice of the customer, with its score range. */
public enum SurveyType {

	/** Net promoter score: 0-6 detractor, 7-8 passive, 9-10 promoter. */
	NPS(0, 10),
	/** Customer satisfaction, 1 (very unsatisfied) to 5 (very satisfied). */
	CSAT(1, 5),
	/** Customer effort score, 1 (very easy) to 7 (very hard). */
	CES(1, 7);

	private final int min;

	private final int max;

	SurveyType(int min, int max) {
		this.min = min;
		this.max = max;
	}

	/**
	 * The lowest valid score.
	 * @return the minimum
	 */
	public int getMin() {
		return this.min;
	}

	/**
	 * The highest valid score.
	 * @return the maximum
	 */
	public int getMax() {
		return this.max;
	}

	/**
	 * @param score a score of this survey
	 * @return true for an NPS of 0 to 6
	 */
	public boolean isDetractor(int score) {
		return this == NPS && score <= 6;
	}

	/**
	 * @param score a score of this survey
	 * @return true for an NPS of 9 or 10
	 */
	public boolean isPromoter(int score) {
		return this == NPS && score >= 9;
	}

}
