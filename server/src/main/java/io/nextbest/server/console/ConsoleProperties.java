package io.nextbest.server.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The marketers' console on the HTTP port ({@code nextbest.console}).
 *
 * @param enabled whether the HTTP port serves it at {@code /console/}
 * @param sourceLink where a rule's file and line are shown in the rules repository's web
 * view: a URL with {@code {file}} and {@code {line}} in it, such as
 * {@code https://git.example.com/marketing/rules/blob/main/{file}#L{line}}; empty to show
 * the file and line as text
 */
@ConfigurationProperties("nextbest.console")
record ConsoleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("") String sourceLink) {

	ConsoleProperties {
		sourceLink = sourceLink.strip();
		if (!sourceLink.isEmpty() && !(sourceLink.startsWith("https://") || sourceLink.startsWith("http://"))) {
			throw new IllegalArgumentException(
					"nextbest.console.source-link (NBA_CONSOLE_SOURCE_LINK) must be an http(s) URL with {file} and "
							+ "{line} in it, was: " + sourceLink);
		}
	}

}
