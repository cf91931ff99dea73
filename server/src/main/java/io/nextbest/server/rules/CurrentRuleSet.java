package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.nextbest.server.system.NextBestProperties;

/**
 * The rule set that serves traffic. It is compiled once at startup from the configured
 * rules directory; an invalid rule set stops startup with every problem listed, so a
 * broken edit never reaches traffic.
 */
@Component
public class CurrentRuleSet {

	private static final Logger log = LoggerFactory.getLogger(CurrentRuleSet.class);

	private final RuleSet ruleSet;

	CurrentRuleSet(NextBestProperties properties, Clock clock) {
		Path directory = properties.rules().directory().toAbsolutePath().normalize();
		this.ruleSet = RuleSetLoader.load(directory, clock);
		log.info("Loaded rule set {} from {}: {} files, {} actions", this.ruleSet.version().hash(), directory,
				this.ruleSet.files().size(), this.ruleSet.catalogue().all().size());
	}

	/**
	 * @return the rule set serving now
	 */
	public RuleSet get() {
		return this.ruleSet;
	}

}
