package io.nextbest.server.system;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.nextbest.server.context.ContextLimits;

/**
 * The server's own settings, under {@code nextbest.*} in application.yaml.
 *
 * @param rules where the rule set comes from
 * @param context bounds of a customer context
 * @param suppression bulk suppression settings
 */
@ConfigurationProperties("nextbest")
public record NextBestProperties(@DefaultValue Rules rules, @DefaultValue Context context,
		@DefaultValue Suppression suppression) {

	/**
	 * Bulk suppression settings.
	 *
	 * @param impliedMarketingConsent whether a channel on which a customer never recorded
	 * a marketing consent counts as consented for bulk sends; false (opt-in) by default,
	 * so unknown customers get no marketing
	 * @param workers threads that check one batch in parallel; 0 means one per processor
	 */
	public record Suppression(@DefaultValue("false") boolean impliedMarketingConsent, @DefaultValue("0") int workers) {
	}

	/**
	 * Rule set settings.
	 *
	 * @param directory the rules directory
	 */
	public record Rules(@DefaultValue("rules") Path directory) {
	}

	/**
	 * Bounds that keep a context from growing without limit.
	 *
	 * @param closedCaseRetention how long a closed case stays in the context
	 * @param maxCases the most cases kept
	 * @param maxHistory the most contact history entries kept
	 * @param historyRetention how long a contact history entry is kept
	 * @param eventIdWindow how many recent event ids are remembered per customer
	 */
	public record Context(@DefaultValue("30d") Duration closedCaseRetention, @DefaultValue("20") int maxCases,
			@DefaultValue("100") int maxHistory, @DefaultValue("90d") Duration historyRetention,
			@DefaultValue("32") int eventIdWindow) {

		/**
		 * @return the bounds as the context store takes them
		 */
		public ContextLimits limits() {
			return new ContextLimits(this.closedCaseRetention, this.maxCases, this.maxHistory, this.historyRetention,
					this.eventIdWindow);
		}

	}

}
