package io.helpdesk.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import jakarta.validation.Validator;
import java.io.IOException;

/**
 * Reads the given YAML file as usual; with no file it reads the embedded default ({@value
 * #EMBEDDED_DEFAULT}) from the classpath instead of an empty configuration.
 */
final class EmbeddedDefaultConfigurationFactory<T> extends YamlConfigurationFactory<T> {
  static final String EMBEDDED_DEFAULT = "io/helpdesk/app/embedded-default.yml";

  EmbeddedDefaultConfigurationFactory(
      Class<T> klass, Validator validator, ObjectMapper objectMapper, String propertyPrefix) {
    super(klass, validator, objectMapper, propertyPrefix);
  }

  @Override
  public T build() throws IOException, ConfigurationException {
    return build(new ResourceConfigurationSourceProvider(), EMBEDDED_DEFAULT);
  }
}
