package io.kuberaf.scheduler.internal;

import io.kuberaf.scheduler.plugins.BuiltinPlugins;
import io.kuberaf.scheduler.spi.FilterPlugin;
import io.kuberaf.scheduler.spi.ScorePlugin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The built-in plugins plus those other bundles publish, which come and go while the scheduler runs. */
public final class PluginSet {

    private final List<FilterPlugin> builtinFilters = BuiltinPlugins.filters();
    private final List<ScorePlugin> builtinScores = BuiltinPlugins.scores();
    private final List<FilterPlugin> extraFilters = new CopyOnWriteArrayList<>();
    private final List<ScorePlugin> extraScores = new CopyOnWriteArrayList<>();

    public void addFilter(FilterPlugin plugin) {
        extraFilters.add(plugin);
    }

    public void removeFilter(FilterPlugin plugin) {
        extraFilters.remove(plugin);
    }

    public void addScore(ScorePlugin plugin) {
        extraScores.add(plugin);
    }

    public void removeScore(ScorePlugin plugin) {
        extraScores.remove(plugin);
    }

    /** Built-in filters first, then the extra ones; a snapshot for one pod. */
    public List<FilterPlugin> filters() {
        if (extraFilters.isEmpty()) {
            return builtinFilters;
        }
        List<FilterPlugin> all = new ArrayList<>(builtinFilters);
        all.addAll(extraFilters);
        return all;
    }

    public List<ScorePlugin> scores() {
        if (extraScores.isEmpty()) {
            return builtinScores;
        }
        List<ScorePlugin> all = new ArrayList<>(builtinScores);
        all.addAll(extraScores);
        return all;
    }
}
