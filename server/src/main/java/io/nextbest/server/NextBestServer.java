package io.nextbest.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the decisioning server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NextBestServer {

	/**
	 * Starts the server.
	 * @param args Spring Boot arguments, for example
	 * {@code --nextbest.rules.directory=rules}
	 */
	public static void main(String[] args) {
		SpringApplication.run(NextBestServer.class, args);
	}

}
