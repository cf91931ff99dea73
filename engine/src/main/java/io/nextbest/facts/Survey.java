package io.nextbest.facts;

/** The latest answer to one survey type: one fact per survey type answered. */
public final class Survey {

	private final SurveyType type;

	private final int score;

	private final long daysAgo;

	/**
	 * A survey answer.
	 * @param type the survey
	 * @param score the score
	 * @param daysAgo whole days since it was answered
	 */
	public Survey(SurveyType type, int score, long daysAgo) {
		this.type = type;
		this.score = score;
		this.daysAgo = daysAgo;
	}

	/**
	 * @return the survey type
	 */
	public SurveyType getType() {
		return this.type;
	}

	/**
	 * @return the score
	 */
	public int getScore() {
		return this.score;
	}

	/**
	 * @return whole days since the answer
	 */
	public long getDaysAgo() {
		return this.daysAgo;
	}

	/**
	 * @return true for an NPS of 0 to 6
	 */
	public boolean isDetractor() {
		return this.type.isDetractor(this.score);
	}

	/**
	 * @return true for an NPS of 7 or 8
	 */
	public boolean isPassive() {
		return this.type == SurveyType.NPS && !isDetractor() && !isPromoter();
	}

	/**
	 * @return true for an NPS of 9 or 10
	 */
	public boolean isPromoter() {
		return this.type.isPromoter(this.score);
	}

	@Override
	public String toString() {
		return "Survey[" + this.type + " " + this.score + ", " + this.daysAgo + " days ago]";
	}

}
