package io.github.wasmbox.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.ResolvableType;

/**
 * The keys {@link WasmboxProperties} accepts under a name, read from the properties classes
 * themselves, so that an unknown key can be answered with the one probably meant without a second
 * list of names to keep in step.
 */
final class PropertyNames {
    static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("wasmbox");

    private PropertyNames() {}

    /**
     * The dashed names of the properties under {@code parent} (such as {@code
     * wasmbox.plugins.calc.limits}), or an empty list when {@code parent} is not a properties
     * class.
     */
    static List<String> under(ConfigurationPropertyName parent) {
        ResolvableType type = ResolvableType.forClass(WasmboxProperties.class);
        for (int i = 1; i < parent.getNumberOfElements(); i++) {
            Class<?> raw = type.toClass();
            if (Map.class.isAssignableFrom(raw)) {
                type = type.asMap().getGeneric(1);
            } else if (Collection.class.isAssignableFrom(raw)) {
                type = type.asCollection().getGeneric(0);
            } else {
                PropertyDescriptor property =
                        property(raw, parent.getElement(i, ConfigurationPropertyName.Form.DASHED));
                if (property == null) {
                    return List.of();
                }
                type = ResolvableType.forMethodReturnType(property.getReadMethod());
            }
        }
        Class<?> raw = type.toClass();
        if (!raw.getName().startsWith(WasmboxProperties.class.getPackageName())) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(raw)) {
            if (property.getReadMethod() != null && !property.getName().equals("class")) {
                names.add(DataObjectPropertyName.toDashedForm(property.getName()));
            }
        }
        return names;
    }

    private static PropertyDescriptor property(Class<?> type, String dashedName) {
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getReadMethod() != null
                    && DataObjectPropertyName.toDashedForm(property.getName()).equals(dashedName)) {
                return property;
            }
        }
        return null;
    }
}
