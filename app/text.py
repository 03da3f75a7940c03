"""Every user-visible string of the explorer, in English and Ukrainian (the slides' terms).

`t(key, lang)` looks a string up (falling back to English, then to the key itself).
Method names, hyperparameter descriptions and landscape titles come from their
registries (`Method.text`, `Param.text`, `Landscape.title_uk`).
"""
from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Optimizer explorer", "uk": "Оптимізатори на поверхнях втрат"},
    "landscape": {"en": "Landscape", "uk": "Поверхня"},
    "view_overlay": {"en": "Overlay", "uk": "Разом"},
    "view_multiples": {"en": "Side by side", "uk": "Поруч"},
    "view_3d": {"en": "3D", "uk": "3D"},
    # the lesson bar (app/lessons.py)
    "lessons": {"en": "Lessons", "uk": "Уроки"},
    "lessons_title": {"en": "Presets in the order of the lecture", "uk": "Готові сцени в порядку лекції"},
    "copy_link": {"en": "Copy link", "uk": "Копіювати посилання"},
    "copy_link_title": {"en": "Copy a link to this scene (everything on the page)",
                        "uk": "Копіювати посилання на цю сцену (усе, що на сторінці)"},
    "copied": {"en": "Link copied", "uk": "Посилання скопійовано"},
    "caption_stale": {"en": "You changed the scene; the lesson said:", "uk": "Ви змінили сцену; урок казав:"},
    "caption_back": {"en": "↺ Back to the lesson", "uk": "↺ Повернути урок"},
    "caption_back_title": {"en": "Open the lesson again as it was", "uk": "Відкрити урок знову, як він був"},
    "copy_by_hand": {"en": "Copy this link:", "uk": "Скопіюйте посилання:"},
    "narrate": {"en": "Narrate steps", "uk": "Пояснювати кроки"},
    "narrate_title": {"en": "Show each step's numbers under the picture",
                      "uk": "Показувати числа кожного кроку під картинкою"},
    "reset": {"en": "Reset", "uk": "Скинути"},
    "reset_title": {"en": "Back to the default scene", "uk": "Повернутися до початкової сцени"},
    "runs": {"en": "Runs", "uk": "Запуски"},
    "add_run": {"en": "+ Add run", "uk": "+ Додати запуск"},
    "duplicate": {"en": "Duplicate this run", "uk": "Дублювати запуск"},
    "copy": {"en": "copy", "uk": "копія"},
    "remove": {"en": "Remove", "uk": "Видалити"},
    "method": {"en": "Method", "uk": "Метод"},
    "schedule": {"en": "α schedule", "uk": "розклад α"},
    "theory": {"en": "Theory", "uk": "Теорія"},
    "lr_axis": {"en": "α_t", "uk": "α_t"},
    "tune": {"en": "tune α", "uk": "підібрати α"},
    "tune_title": {"en": "Set α to the best of a sweep over 1e-5 … 10 (10 per decade): fewest steps to f − f* ≤ 1e-6, "
                         "else the lowest final loss (mini-batches: median of 5 seeds). Shows the sweep",
                   "uk": "Взяти найкраще α з перебору 1e-5 … 10 (10 на порядок): найменше кроків до f − f* ≤ 1e-6, "
                         "інакше найменші кінцеві втрати (міні-пакети: медіана 5 зерен). Показує перебір"},
    "tune_all": {"en": "Tune α for every run", "uk": "Підібрати α для всіх"},
    "tune_all_title": {"en": "A fair race: each run at its own best α from a sweep over 1e-5 … 10 (fewest steps to "
                             "f − f* ≤ 1e-6, else the lowest final loss). Shows every run's curve",
                       "uk": "Чесні перегони: кожен запуск зі своїм найкращим α з перебору 1e-5 … 10 (найменше "
                             "кроків до f − f* ≤ 1e-6, інакше найменші кінцеві втрати). Показує криву кожного запуску"},
    "optimal_gd": {"en": "optimal α", "uk": "оптимальний α"},
    "optimal_momentum": {"en": "optimal α, β", "uk": "оптимальні α, β"},
    "optimal_gd_title": {"en": "α* = 2/(λₘᵢₙ+λₘₐₓ); rate q = (κ−1)/(κ+1). Dashed on the loss chart: f₀·q^(2t)",
                         "uk": "α* = 2/(λₘᵢₙ+λₘₐₓ); швидкість q = (κ−1)/(κ+1). Пунктир на графіку втрат: f₀·q^(2t)"},
    "optimal_momentum_title": {"en": "α* = (2/(√λₘₐₓ+√λₘᵢₙ))², β* = ((√κ−1)/(√κ+1))²; rate q = √β*. Dashed on the loss chart: f₀·q^(2t)",
                               "uk": "α* = (2/(√λₘₐₓ+√λₘᵢₙ))², β* = ((√κ−1)/(√κ+1))²; швидкість q = √β*. Пунктир на графіку втрат: f₀·q^(2t)"},
    "steps": {"en": "Steps", "uk": "Кроки"},
    "scene": {"en": "Scene", "uk": "Сцена"},
    "start": {"en": "Start", "uk": "Старт"},
    "start_hint": {"en": "click the map to move it", "uk": "клацніть на карті, щоб перемістити"},
    "start_hint_net": {"en": "empty: the initial weights θ₀; a click on the map starts from that point (a, b) of its plane",
                       "uk": "порожньо: початкові ваги θ₀; клацання на карті — старт із цієї точки (a, b) її площини"},
    "gradient": {"en": "Gradient", "uk": "Градієнт"},
    "source_exact": {"en": "Exact (batch GD)", "uk": "Пакетний ГС (точний градієнт)"},
    "source_minibatch": {"en": "Mini-batch / stochastic", "uk": "Міні-пакетний / стохастичний ГС"},
    "batch": {"en": "Batch size B", "uk": "Розмір пакету B"},
    "noise": {"en": "Noise σ (one example)", "uk": "Шум σ (один приклад)"},
    "seed": {"en": "Seed", "uk": "Зерно"},
    "play": {"en": "Play", "uk": "Відтворити"},
    "pause": {"en": "Pause", "uk": "Пауза"},
    "step_back": {"en": "Step back", "uk": "Крок назад"},
    "step_fwd": {"en": "Step forward", "uk": "Крок уперед"},
    "restart": {"en": "Restart", "uk": "Спочатку"},
    "speed": {"en": "Speed", "uk": "Швидкість"},
    "step": {"en": "step", "uk": "крок"},
    "arrows": {"en": "arrows", "uk": "стрілки"},
    "steps_per_s": {"en": "steps/s", "uk": "кроків/с"},
    "loss": {"en": "Loss", "uk": "Втрати"},
    "loss_gap": {"en": "f − f*", "uk": "f − f*"},
    "col_run": {"en": "Run", "uk": "Запуск"},
    "col_final": {"en": "final f", "uk": "кінцеве f"},
    "col_dist": {"en": "to min", "uk": "до мін."},
    "col_hit": {"en": "f−f* ≤ {tol}", "uk": "f−f* ≤ {tol}"},
    "col_hit_title": {"en": "Reached: the first step at which f − f* ≤ {tol}",
                      "uk": "Досягнуто: перший крок, на якому f − f* ≤ {tol}"},
    "col_status": {"en": "status", "uk": "стан"},
    # a network (app/figures/network.py)
    "col_loss": {"en": "loss", "uk": "втрата"},
    "col_acc": {"en": "accuracy", "uk": "точність"},
    "col_tv": {"en": "train / val.", "uk": "навч. / вал."},
    "loss_word": {"en": "loss", "uk": "втрата"},
    "an_steps_axis": {"en": "steps", "uk": "кроки"},
    "an_edge": {"en": "theory's edge of stability: αλₘₐₓ = 2(1 + β)", "uk": "межа стійкості за теорією: αλₘₐₓ = 2(1 + β)"},
    "plane_note_pca": {"en": "a, b: along the paths' 2 principal components<br>this plane shows {share} of their spread",
                       "uk": "a, b: уздовж 2 головних компонент шляхів<br>ця площина показує {share} їхнього розкиду"},
    "plane_note_random": {"en": "a, b: along 2 random directions (filter-normalised)<br>this plane shows {share} of "
                                "the paths' spread",
                          "uk": "a, b: уздовж 2 випадкових напрямів (нормованих)<br>ця площина показує {share} "
                                "розкиду шляхів"},
    "plane_note_pca_short": {"en": "a, b: top 2 principal components<br>shows {share} of the paths' spread",
                             "uk": "a, b: 2 головні компоненти<br>показує {share} розкиду шляхів"},
    "plane_note_random_short": {"en": "a, b: 2 random directions<br>shows {share} of the paths' spread",
                                "uk": "a, b: 2 випадкові напрями<br>показує {share} розкиду шляхів"},
    "val_loss": {"en": "validation loss", "uk": "втрата на валідації"},
    "val_acc": {"en": "validation accuracy", "uk": "точність на валідації"},
    "acc_axis": {"en": "val. acc.", "uk": "точн. вал."},
    "model_title": {"en": "Model at this step: P(class 1); acc. train / val.",
                    "uk": "Модель на кроці: P(клас 1); точність навч. / вал."},
    "step_net": {"en": "step  (— train, - - val. loss, ··· val. acc.)", "uk": "крок  (— навч., - - вал., ··· точн. вал.)"},
    "net_3d": {"en": "3D is not shown for a network: its {P} parameters make no single surface to stand the paths "
                     "on (their loss is not the plane's). Showing the map of its plane.",
               "uk": "3D для мережі не показано: її {P} параметрів не дають однієї поверхні, на якій стояли б "
                     "шляхи (їхня втрата — не втрата площини). Показано карту її площини."},
    "net_basin": {"en": "Basins are not shown for a network: they start a run from every point of a map of two "
                        "parameters, and this network has {P}. Click the map to start from a point of its plane.",
                  "uk": "Басейни для мережі не показано: вони запускають метод із кожної точки карти двох "
                        "параметрів, а ця мережа має {P}. Клацніть на карті, щоб стартувати з точки її площини."},
    "diverged_at": {"en": "✕ diverged at step {k}", "uk": "✕ розбіжність на кроці {k}"},
    "diverged_short": {"en": "✕ step {k}", "uk": "✕ крок {k}"},
    "converged": {"en": "✓", "uk": "✓"},
    "running": {"en": "–", "uk": "–"},
    "start_label": {"en": "start", "uk": "старт"},
    "min_label": {"en": "minimum", "uk": "мінімум"},
    "error": {"en": "Something went wrong: {msg}", "uk": "Помилка: {msg}"},
    "truncated": {"en": "The computation took longer than {s} s and was stopped early: fewer steps are shown.",
                  "uk": "Обчислення тривало довше за {s} с і було зупинене: показано менше кроків."},
    "export": {"en": "Export", "uk": "Експорт"},
    "export_title": {"en": "Download the current runs or picture", "uk": "Завантажити поточні запуски або зображення"},
    "export_csv": {"en": "Trajectories as a CSV table (one row per run and step)",
                   "uk": "Траєкторії як таблиця CSV (рядок на кожен запуск і крок)"},
    "export_html": {"en": "The animation as one HTML file that plays offline (for slides)",
                    "uk": "Анімація одним HTML-файлом, що працює без мережі (для слайдів)"},
    "export_png": {"en": "The map as a PNG picture", "uk": "Карта як зображення PNG"},
    "export_gif": {"en": "The animation as a GIF of 800 × 600 (about 6 s, for a slide)",
                   "uk": "Анімація як GIF 800 × 600 (близько 6 с, для слайда)"},
    "export_webm": {"en": "The animation as a WebM video of 800 × 600 (for a slide's <video>)",
                    "uk": "Анімація як відео WebM 800 × 600 (для відео на слайді)"},
    "export_embed": {"en": "Copy the code that embeds this scene in a slide (an iframe of 950 × 600: the picture and "
                           "the player)",
                     "uk": "Копіювати код, що вбудовує цю сцену в слайд (вікно 950 × 600: картина і програвач)"},
    "embed_copied": {"en": "Embed code copied", "uk": "Код для слайда скопійовано"},
    "update_rule": {"en": "update rule", "uk": "правило оновлення"},
    "tolerance": {"en": "within {tol} of a minimum", "uk": "в межах {tol} від мінімуму"},
    # your own surface f(x, y)
    "own_surface": {"en": "Your own f(x, y)", "uk": "Власна функція f(x, y)"},
    "formula_title": {"en": "Your own surface f(x, y)", "uk": "Власна поверхня f(x, y)"},
    "formula_apply": {"en": "Apply", "uk": "Застосувати"},
    "formula_bounds": {"en": "window: r or xmin,xmax,ymin,ymax", "uk": "вікно: r або xmin,xmax,ymin,ymax"},
    "formula_hint": {"en": "x, y, numbers, + − * / ** ^, sin cos exp log sqrt abs tanh sigmoid …; Enter applies",
                     "uk": "x, y, числа, + − * / ** ^, sin cos exp log sqrt abs tanh sigmoid …; Enter застосовує"},
    # data-driven landscapes: the fit panel
    "fit_title": {"en": "The model at this step (a point on the map)",
                  "uk": "Модель на цьому кроці (точка на карті)"},
    "fit_class": {"en": "class", "uk": "клас"},
    "batch_loss": {"en": "mini-batch loss", "uk": "втрати на міні-пакеті"},
    "epoch": {"en": "epoch", "uk": "епоха"},
    # the sweep and basin views (app/analysis.py)
    "view_sweep": {"en": "Sweep", "uk": "Перебір"},
    "view_basin": {"en": "Basins", "uk": "Басейни"},
    "param_alpha": {"en": "learning rate", "uk": "крок навчання"},
    "outcome": {"en": "Outcome", "uk": "Результат"},
    "outcome_final_loss": {"en": "final loss", "uk": "кінцеві втрати"},
    "outcome_steps_to_tol": {"en": "steps to f − f* ≤ {tol}", "uk": "кроків до f − f* ≤ {tol}"},
    "outcome_diverged": {"en": "diverged?", "uk": "розбіжність?"},
    "sweep_y": {"en": "Rows", "uk": "Рядки"},
    "examples_axis": {"en": "examples processed", "uk": "оброблено прикладів"},
    "epoch_one": {"en": "1 epoch", "uk": "1 епоха"},
    "loss_x": {"en": "Loss chart counts", "uk": "Графік втрат рахує"},
    "loss_x_steps": {"en": "steps", "uk": "кроки"},
    "loss_x_examples": {"en": "examples", "uk": "приклади"},
    "basin_by": {"en": "Colour by", "uk": "Колір за"},
    "basin_by_minimum": {"en": "minimum reached", "uk": "досягнутим мінімумом"},
    "basin_by_steps": {"en": "steps to converge", "uk": "кроками до збіжності"},
    "grid": {"en": "Grid", "uk": "Сітка"},
    "click": {"en": "A click", "uk": "Клік"},
    "click_set": {"en": "sets this run", "uk": "змінює цей запуск"},
    "click_add": {"en": "adds a run", "uk": "додає запуск"},
    "an_run": {"en": "Run", "uk": "Запуск"},
    "an_hint_sweep": {"en": "Each cell is a whole run of this method from the start point. Below: every run over α's "
                            "whole range, its other settings fixed; a big dot is its current α. Click a cell or a point "
                            "to load that configuration into the explorer.",
                      "uk": "Кожна клітинка — цілий запуск цього методу зі стартової точки. Нижче: кожен запуск на "
                            "всьому діапазоні α, решта налаштувань незмінна; велика точка — його поточне α. Клацніть "
                            "клітинку або точку, щоб перенести ці налаштування в дослідник."},
    "an_hint_basin": {"en": "Each cell is a run started there, coloured by where it ends. Click a cell to start "
                            "the explorer's runs there.",
                      "uk": "Кожна клітинка — запуск, що починається в ній, з кольором того, де він закінчується. "
                            "Клацніть клітинку, щоб почати звідти запуски дослідника."},
    "an_current": {"en": "this run", "uk": "цей запуск"},
    "an_best": {"en": "best", "uk": "найкраще"},
    "an_diverged": {"en": "diverged", "uk": "розбіжність"},
    "an_stable": {"en": "stable", "uk": "стабільно"},
    "an_none": {"en": "no minimum reached", "uk": "мінімум не досягнуто"},
    "an_all_runs": {"en": "every run, side by side", "uk": "усі запуски поруч"},
    "an_differ": {"en": "{pct}% differ from panel 1", "uk": "{pct}% інакше, ніж на панелі 1"},
    "an_hint_basin_all": {"en": " Each panel after the first says what share of its starts ends in another minimum than "
                                "in the first panel.",
                          "uk": " Кожна панель після першої показує, яка частка її стартів закінчується в іншому "
                                "мінімумі, ніж на першій панелі."},
    "an_minimum": {"en": "minimum {k} ({x}, {y})", "uk": "мінімум {k} ({x}, {y})"},
    "an_heading": {"en": "nearest {k}, not there in {T} steps", "uk": "найближче до {k}, не дійшов за {T} кроків"},
    "an_not_reached": {"en": "not reached", "uk": "не досягнуто"},
    "an_steps": {"en": "{k} steps", "uk": "кроків: {k}"},
    "an_lines_title": {"en": "Outcome vs α, a line per run", "uk": "Результат залежно від α, лінія на запуск"},
    "an_truncated": {"en": "The computation hit its time limit and was stopped early: some cells are incomplete.",
                     "uk": "Обчислення досягло ліміту часу і зупинилося: частина клітинок неповна."},
    "an_steps_capped": {"en": "Sweeps and basin maps run at most {n} steps.",
                        "uk": "Перебір і карти басейнів рахують не більше {n} кроків."},
}


def t(key: str, lang: str = "en", **kw) -> str:
    entry = TEXT.get(key)
    if entry is None:
        return key
    s = entry.get(lang) or entry["en"]
    return s.format(**kw) if kw else s


def memory_text(state: tuple, lang: str = "en") -> str:
    """What a method keeps in memory besides W, per weight (its registry entry's state arrays):
    the slides' "Adam needs more memory than SGD", with the numbers."""
    n = len(state)
    if n == 0:
        return {"en": "Memory: only W, no state", "uk": "Пам'ять: лише W, стану немає"}[lang if lang == "uk" else "en"]
    names = ", ".join(state)
    if lang == "uk":
        word = "число" if n == 1 else "числа"
        return f"Пам'ять: W і ще {n} {word} на вагу ({names}): у {n + 1} рази більше, ніж у ГС"
    return f"Memory: W and {n} more number{'s' if n > 1 else ''} per weight ({names}): {n + 1}× GD's"


def landscape_title(ls, lang: str = "en") -> str:
    return (ls.title_uk if lang == "uk" and ls.title_uk else ls.title)
