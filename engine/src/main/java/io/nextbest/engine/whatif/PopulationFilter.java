package io.nextbest.engine.whatif;

import java.util.Locale;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.facts.Stage;

/**
 * Which stored customers a what-if decides: everyone, or those in a journey (at a stage),
 * of a segment, and a random sample of them.
 * <p>
 * The sample is drawn per customer from a hash of the seed and the customer id, not from
 * a random stream: a customer is in or out whatever order the store returns customers in
 * and however the work is split, so the same seed always picks the same customers.
 *
 * @param journey only customers in this journey; an empty string for any
 * @param stage only customers at this stage (of {@code journey} when one is given, of any
 * journey otherwise); null for any
 * @param segment only customers whose profile attribute {@code segment} is this; an empty
 * string for any
 * @param sample the share of the matching customers to decide, above 0 and at most 1
 * @param seed the seed of the sample
 */
public record PopulationFilter(String journey, Stage stage, String segment, double sample, long seed) {

	/** Every stored customer. */
	public static final PopulationFilter EVERYONE = new PopulationFilter("", null, "", 1.0, 0);

	/**
	 * Checks the filter.
	 * @throws IllegalArgumentException naming the field at fault
	 */
	public PopulationFilter {
		journey = (journey != null) ? journey.strip() : "";
		segment = (segment != null) ? segment.strip() : "";
		if (!(sample > 0 && sample <= 1)) {
			throw new IllegalArgumentException("sample must be above 0 and at most 1, got " + sample);
		}
	}

	/**
	 * Whether a customer is part of the population.
	 * @param context the customer's stored context
	 * @return true when the what-if decides them
	 */
	public boolean test(CustomerContext context) {
		if (!this.journey.isEmpty() || this.stage != null) {
			boolean found = false;
			for (JourneyPosition position : context.journeys()) {
				if ((this.journey.isEmpty() || this.journey.equals(position.journey()))
						&& (this.stage == null || this.stage == position.stage())) {
					found = true;
					break;
				}
			}
			if (!found) {
				return false;
			}
		}
		if (!this.segment.isEmpty() && !this.segment.equals(context.attribute("segment"))) {
			return false;
		}
		return this.sample >= 1 || draw(context.customerId()) < this.sample;
	}

	/** A number in [0, 1) fixed by the seed and the customer id (SplitMix64's mix). */
	private double draw(String customerId) {
		long z = this.seed * 0x9E3779B97F4A7C15L + customerId.hashCode();
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		z = z ^ (z >>> 31);
		return (z >>> 11) * 0x1.0p-53;
	}

	/**
	 * @return the filter in a few words, for reports
	 */
	public String describe() {
		StringBuilder text = new StringBuilder();
		if (!this.journey.isEmpty()) {
			text.append("journey ").append(this.journey);
		}
		if (this.stage != null) {
			text.append(text.isEmpty() ? "" : ", ").append("stage ").append(this.stage.name().toLowerCase(Locale.ROOT));
		}
		if (!this.segment.isEmpty()) {
			text.append(text.isEmpty() ? "" : ", ").append("segment ").append(this.segment);
		}
		if (this.sample < 1) {
			text.append(text.isEmpty() ? "" : ", ")
				.append("a sample of ")
				.append(String.format(Locale.ROOT, "%.4g", this.sample * 100).replaceAll("\\.?0+$", ""))
				.append(" % (seed ")
				.append(this.seed)
				.append(')');
		}
		return text.isEmpty() ? "every stored customer" : text.toString();
	}

}
