package io.kuberaf.shell.kubectl;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Option;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * kubectl takes flags anywhere ({@code get pods -o wide}); Karaf stops reading options at the first
 * argument, so they land in the command's multi-valued argument list. This moves them back into
 * their {@link Option} fields. Commands with a second argument (a container command after
 * {@code --}) are left alone: their trailing words belong to that command.
 */
final class TrailingOptions {

    private TrailingOptions() {
    }

    static void apply(Object action) throws KubectlException {
        List<Field> fields = fieldsOf(action.getClass());
        Optional<Field> arguments = fields.stream().filter(f -> isOnlyMultiValuedArgument(f, fields)).findFirst();
        if (arguments.isEmpty()) {
            return;
        }
        List<String> words = read(action, arguments.get());
        if (words == null) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--")) {
                kept.addAll(words.subList(i, words.size()));
                break;
            }
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            Field option = word.startsWith("-") && word.length() > 1 ? optionNamed(fields, name) : null;
            if (option == null) {
                kept.add(word);
                continue;
            }
            String value = null;
            if (word.contains("=")) {
                value = word.substring(word.indexOf('=') + 1);
            } else if (!isBoolean(option)) {
                if (i + 1 >= words.size()) {
                    throw KubectlException.error("%s", "flag needs an argument: " + word);
                }
                value = words.get(++i);
            }
            set(action, option, value, word);
        }
        if (kept.size() != words.size()) {
            write(action, arguments.get(), kept);
        }
    }

    private static void write(Object action, Field field, List<String> words) {
        try {
            field.set(action, words);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isOnlyMultiValuedArgument(Field field, List<Field> fields) {
        Argument argument = field.getAnnotation(Argument.class);
        return argument != null && argument.multiValued() && argument.index() == 0
                && fields.stream().filter(f -> f.isAnnotationPresent(Argument.class)).count() == 1
                && Collection.class.isAssignableFrom(field.getType());
    }

    private static Field optionNamed(List<Field> fields, String name) {
        for (Field field : fields) {
            Option option = field.getAnnotation(Option.class);
            if (option != null && (option.name().equals(name) || List.of(option.aliases()).contains(name))) {
                return field;
            }
        }
        return null;
    }

    private static boolean isBoolean(Field field) {
        return field.getType() == boolean.class || field.getType() == Boolean.class;
    }

    @SuppressWarnings("unchecked")
    private static List<String> read(Object action, Field field) {
        try {
            field.setAccessible(true);
            return (List<String>) field.get(action);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Object action, Field field, String value, String word) throws KubectlException {
        try {
            field.setAccessible(true);
            Class<?> type = field.getType();
            if (isBoolean(field)) {
                field.set(action, value == null || Boolean.parseBoolean(value));
            } else if (type == String.class) {
                field.set(action, value);
            } else if (type == int.class || type == Integer.class) {
                field.set(action, Integer.parseInt(value));
            } else if (type == long.class || type == Long.class) {
                field.set(action, Long.parseLong(value));
            } else if (List.class.isAssignableFrom(type)) {
                List<String> values = (List<String>) field.get(action);
                if (values == null) {
                    values = new ArrayList<>();
                    field.set(action, values);
                }
                values.add(value);
            } else {
                throw KubectlException.error("%s", "the flag " + word + " must come before the arguments");
            }
        } catch (NumberFormatException e) {
            throw KubectlException.error("%s", "invalid argument \"" + value + "\" for \"" + word.split("=")[0]
                    + "\" flag: strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Field> fieldsOf(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            fields.addAll(List.of(c.getDeclaredFields()));
        }
        return fields;
    }
}
