package org.trainingservice.common;

import java.util.Arrays;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Query and path parameters name enum values in any case ({@code ?status=succeeded}): specs write enums in lower
 * case and responses in upper case, so a client should not have to guess which one a parameter wants. A value that
 * matches none fails conversion, which ApiExceptionHandler answers with the valid values.
 */
@Configuration(proxyBeanMethods = false)
class CaseInsensitiveEnums implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverterFactory(new AnyCase());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class AnyCase implements ConverterFactory<String, Enum> {

        @Override
        public <T extends Enum> Converter<String, T> getConverter(Class<T> targetType) {
            return source -> {
                String name = source.trim();
                if (name.isEmpty()) {
                    return null;
                }
                return (T) Arrays.stream(targetType.getEnumConstants())
                        .filter(c -> ((Enum<?>) c).name().equalsIgnoreCase(name)
                                || jsonName((Enum<?>) c).equalsIgnoreCase(name))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("'" + source + "' is not one of "
                                + Arrays.toString(targetType.getEnumConstants())));
            };
        }

        private static String jsonName(Enum<?> value) {
            return ScalarMismatch.enumNames(value.getDeclaringClass()).get(value.ordinal());
        }
    }
}
