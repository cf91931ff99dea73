package io.nextbest.server.connect;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The Connect protocol on the HTTP port ({@code nextbest.http}).
 *
 * @param corsOrigins the site origins a browser may call from
 * ({@code https://shop.example.com}); none by default
 * @param maxRequestSize the largest request body taken
 */
@ConfigurationProperties("nextbest.http")
record ConnectProperties(@DefaultValue List<String> corsOrigins, @DefaultValue("4MB") DataSize maxRequestSize) {

	ConnectProperties {
		corsOrigins = corsOrigins.stream().map(String::strip).filter((origin) -> !origin.isEmpty()).toList();
	}

}
