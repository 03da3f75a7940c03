"""Lesson presets: named scenes in the order of the lecture, each with a one-line caption
(en + uk) of what to watch for. Presets are data: `?preset=NAME` is decoded by the same
codec as any link (`app.model.codec.decode`), and a link's own keys override the preset's.

The numbers were tuned by running them (`optim.run_many`); `tests/test_presets.py` checks
that every preset still shows what its caption promises.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Preset", "PRESETS", "GROUPS"]


@dataclass(frozen=True)
class Preset:
    name: str
    group: str
    query: str                                  # a v=1 query, decoded by app.model.codec.decode
    caption: dict = field(default_factory=dict)  # {"en": ..., "uk": ...}
    title: dict = field(default_factory=dict)

    def text(self, what: str, lang: str = "en") -> str:
        d = getattr(self, what)
        return d.get(lang) or d.get("en", "")


# the lecture's order: "GD, the worst method in the world" opens the GD slides; local minima,
# saddle points and vanishing gradients come with the learning rate, before SGD
GROUPS = {
    "race": {"en": "The race: every method at its best α", "uk": "Перегони: кожен метод з найкращим α"},
    "lr": {"en": "Learning rate", "uk": "Крок навчання"},
    "saddle": {"en": "Saddle points and plateaus", "uk": "Сідлові точки і плато"},
    "source": {"en": "Batch, stochastic, mini-batch GD", "uk": "Пакетний, стохастичний, міні-пакетний ГС"},
    "momentum": {"en": "Momentum", "uk": "Імпульс"},
    "adaptive": {"en": "AdaGrad, RMSProp, Adam", "uk": "AdaGrad, RMSProp, Adam"},
    "newer": {"en": "After Adam: AdamW, Lion, Adadelta, RAdam, NAdam",
              "uk": "Після Adam: AdamW, Lion, Adadelta, RAdam, NAdam"},
    "rotation": {"en": "Axis-aligned vs rotated valley", "uk": "Долина вздовж осі й повернута"},
    "schedule": {"en": "Learning-rate schedules", "uk": "Розклади кроку навчання"},
    "losses": {"en": "Loss functions and real SGD", "uk": "Функції втрат і справжній СГС"},
    "network": {"en": "A real neural network", "uk": "Справжня нейронна мережа"},
    "custom": {"en": "Your own surface", "uk": "Власна поверхня"},
    "basins": {"en": "Basins of attraction", "uk": "Басейни притягання"},
}


def _p(name, group, query, title_en, title_uk, en, uk):
    return Preset(name, group, query, {"en": en, "uk": uk}, {"en": title_en, "uk": title_uk})


_LR = "surface=bowl&steps=60&run=gd,alpha="
_P = [
    _p("lr-small", "lr", _LR + "0.005",
       "Too small", "Замалий",
       "α = 0.005: every step is tiny; after 60 steps GD has covered less than half the way to the minimum.",
       "α = 0.005: кожен крок крихітний; за 60 кроків ГС не пройшов і половини шляху до мінімуму."),
    _p("lr-right", "lr", _LR + "0.3",
       "About right", "Якраз",
       "α = 0.3: GD heads straight for the minimum and reaches it (f − f* ≤ 10⁻⁶) at step 9.",
       "α = 0.3: ГС іде прямо до мінімуму і досягає його (f − f* ≤ 10⁻⁶) на 9-му кроці."),
    # on the round bowl an overshoot runs back along the same line; a valley (κ = 10) shows the zig-zag
    _p("lr-large", "lr", "surface=narrow_valley,kappa=10&steps=60&run=gd,alpha=1.8",
       "Too large", "Завеликий",
       "α = 1.8 in a valley (κ = 10): each step overshoots across it to the other wall: a zig-zag that "
       "still, slowly, converges (on the round bowl the same overshoot runs back along one line).",
       "α = 1.8 у долині (κ = 10): кожен крок перескакує на протилежну стінку: зигзаг, який усе ж "
       "повільно збігається (на круглій чаші такий перескок іде туди й назад по одній прямій)."),
    _p("lr-divergent", "lr", _LR + "1.5",
       "Divergent", "Розбіжність",
       "α = 1.5: every overshoot is larger than the last; the run diverges (✕) at step 40.",
       "α = 1.5: кожен перескок більший за попередній; запуск розбігається (✕) на кроці 40."),
    _p("lr-all", "lr", "surface=bowl&steps=60&run=gd,alpha=0.005&run=gd,alpha=0.3&run=gd,alpha=0.9"
       "&run=gd,alpha=1.5&view=multiples",
       "All four side by side", "Усі чотири поруч",
       "The same GD with four learning rates: too small, right, too large (zig-zag), divergent.",
       "Той самий ГС з чотирма кроками навчання: замалий, якраз, завеликий (зигзаг), розбіжний."),
    _p("sgd-minibatch", "source", "surface=bowl&steps=200&sigma=2&run=gd,alpha=0.05&run=gd,alpha=0.05,batch=1"
       "&run=gd,alpha=0.05,batch=16",
       "GD vs SGD vs mini-batch", "Пакетний, стохастичний і міні-пакетний ГС",
       "Exact gradient: a clean path. One example (B = 1): a noisy cloud around the minimum. "
       "B = 16: the noise shrinks about √16 = 4 times.",
       "Точний градієнт: чистий шлях. Один приклад (B = 1): шумна хмара навколо мінімуму. "
       "B = 16: шум менший приблизно в √16 = 4 рази."),
    _p("sgd-escape", "source",
       "surface=trap&steps=300&sigma=1&run=gd,alpha=0.1&run=gd,alpha=0.1,batch=1,seed=0"
       "&run=gd,alpha=0.1,batch=1,seed=1&run=gd,alpha=0.1,batch=1,seed=2&run=gd,alpha=0.1,batch=1,seed=3",
       "SGD's noise escapes a poor minimum", "Шум СГС виводить з поганого мінімуму",
       "GD (exact gradient) rolls into the shallow dimple near the start and stays there, f = 0.16. SGD with the "
       "same α (B = 1, four seeds shown) is kicked over its low rim and ends in the deep minimum: over 1000 seeds "
       "96 % do.",
       "ГС (точний градієнт) скочується в мілку ямку біля старту й лишається там, f = 0.16. СГС з тим самим α "
       "(B = 1, чотири зерна) вибиває через її низький край у глибокий мінімум: з 1000 зерен — 96 %."),
    _p("sgd-work", "source",
       "surface=linreg_mse&steps=300&run=gd,alpha=0.03&run=gd,alpha=0.03,batch=1&run=gd,alpha=0.03,batch=8"
       "&loss_x=examples",
       "Per example: SGD's thousands of cheap steps", "На приклад: тисячі дешевих кроків СГС",
       "x counts examples processed (40 in the data). For the cost of GD's first step (one epoch) SGD (B = 1) "
       "takes 40 steps: f − f* = 0.11 against GD's 38; at 300 examples 0.22 against 1.3. GD wins only per "
       "step: 2·10⁻⁴ after 300 steps, which cost 12 000 examples.",
       "Вісь x — оброблені приклади (40 у наборі). За ціну кроку ГС (епоха) СГС (B = 1) робить 40 кроків: "
       "f − f* = 0.11 проти 38; на 300 прикладах 0.22 проти 1.3. ГС виграє лише за кроками."),
    _p("valley-zigzag", "momentum", "surface=narrow_valley,kappa=100&steps=100&run=gd,alpha=1.8"
       "&run=momentum,alpha=1,beta=0.8",
       "Narrow valley: GD zig-zags, momentum speeds along", "Вузька долина: ГС зигзагом, імпульс розганяється",
       "GD bounces between the steep walls and crawls along the floor; momentum swings too, but builds up "
       "speed along the floor and reaches the minimum (final loss ~10⁴ times lower).",
       "ГС відбивається між стінками і ледве повзе по дну; імпульс теж коливається, але розганяється "
       "вздовж дна і доходить до мінімуму (втрати ~10⁴ разів менші)."),
    _p("momentum-barrier", "momentum", "surface=styblinski_tang&steps=300&run=gd,alpha=0.01"
       "&run=momentum,alpha=0.01,beta=0.9",
       "Momentum 1: past a local barrier", "Імпульс 1: через локальний бар'єр",
       "GD stops in the nearest local minimum (f ≈ −50); momentum rolls over the ridge into the global one "
       "(f ≈ −78.3).",
       "ГС зупиняється в найближчому локальному мінімумі (f ≈ −50); імпульс перекочується через гребінь "
       "у глобальний (f ≈ −78.3)."),
    _p("momentum-slope", "momentum", "surface=linreg_mae&steps=60&run=gd,alpha=0.02"
       "&run=momentum,alpha=0.02,beta=0.9",
       "Momentum 2: speeding up on a slope", "Імпульс 2: розгін на схилі",
       "On a constant slope (MAE) GD's steps stay the same; momentum's grow towards 1/(1−β) = 10 times "
       "longer, so it gets there first.",
       "На сталому схилі (MAE) кроки ГС однакові; кроки імпульсу ростуть до 1/(1−β) = 10 разів довших, "
       "тож він приходить першим."),
    _p("momentum-damping", "momentum", "surface=narrow_valley,kappa=100&steps=80&run=gd,alpha=1.9"
       "&run=momentum,alpha=0.19,beta=0.9",
       "Momentum 3: damping oscillation", "Імпульс 3: гасіння коливань",
       "Same speed along the valley (α = 1.9 vs α/(1−β) = 1.9): GD flips across the valley every step, "
       "momentum averages the flips away and swings only a few times.",
       "Однакова швидкість уздовж долини (α = 1.9 і α/(1−β) = 1.9): ГС перестрибує долину щокроку, "
       "імпульс усереднює ці стрибки і коливається лише кілька разів."),
    _p("momentum-memory", "momentum",
       "surface=narrow_valley,kappa=10&steps=60&run=gd,alpha=0.1&run=momentum,alpha=0.1,beta=0.9"
       "&run=adam,alpha=0.1&narrate=1&step=3",
       "Momentum: last step + new gradient; the memory it costs", "Імпульс: попередній крок + новий градієнт; ціна в пам'яті",
       "Step through: momentum's step is −αg + β(Wₜ − Wₜ₋₁), the new gradient plus β times the last step, "
       "with the numbers. The cards: per weight GD keeps nothing but W, momentum one number (p), Adam two.",
       "Крокуйте: крок імпульсу — −αg + β(Wₜ − Wₜ₋₁): новий градієнт плюс β × попередній крок. Пам'ять на "
       "вагу (картки): ГС — лише W, імпульс — ще одне число (p), Adam — два."),
    _p("momentum-stability", "momentum",
       "surface=narrow_valley,kappa=10&steps=300&run=momentum,alpha=0.1,beta=0.9&view=sweep&outcome=steps_to_tol",
       "Momentum: α × β and the edge of stability", "Імпульс: α × β і межа стійкості",
       "Each cell: momentum (λₘₐₓ = 1) with that α, β, 300 steps. Dashed: the edge of stability αλₘₐₓ = 2(1 + β); "
       "right of it every run diverges, left of it none. Converged: β = 0 up to α ≈ 1.9, β ≈ 0.9 up to α ≈ 3.1, "
       "β = 0.999 never.",
       "Клітинка — імпульс (λₘₐₓ = 1) з цими α, β, 300 кроків. Штрих — межа стійкості αλₘₐₓ = 2(1 + β): "
       "праворуч усі розбігаються, ліворуч жоден. Збігаються: β = 0 до α ≈ 1.9, β ≈ 0.9 до α ≈ 3.1, β = 0.999 — "
       "ніколи."),
    _p("saddle-escape", "saddle", "surface=saddle_minima&steps=120&run=gd,alpha=0.01&run=rmsprop,alpha=0.02"
       "&run=adam,alpha=0.02",
       "Saddle point: GD stalls, RMSProp and Adam escape", "Сідлова точка: ГС застрягає, RMSProp і Adam виходять",
       "The gradient across the saddle is tiny, so GD sits at it for all 120 steps (f stays ≈ 1); RMSProp and Adam "
       "rescale that tiny gradient and fall into a minimum.",
       "Градієнт упоперек сідла крихітний, тож ГС стоїть біля нього всі 120 кроків (f лишається ≈ 1); RMSProp і Adam "
       "масштабують цей малий градієнт і скочуються в мінімум."),
    _p("plateau-vanishing", "saddle",
       "surface=plateau&steps=300&run=gd,alpha=1&run=momentum,alpha=1,beta=0.9&run=rmsprop,alpha=0.05"
       "&run=adam,alpha=0.1",
       "Plateau: a vanishing gradient", "Плато: градієнт згасає",
       "On the plateau the gradient is 0.0013 long. GD (α = 1) crawls: its loss falls below 0.5 only at step "
       "223. Momentum gathers speed: step 45. Adam and RMSProp divide by √r and take full steps at once: 22 "
       "and 5. Near the minimum RMSProp keeps hopping ±α; the others settle.",
       "Градієнт на плато — 0.0013. ГС (α = 1) повзе: втрата < 0.5 лише на кроці 223. Імпульс розганяється: "
       "крок 45. Adam і RMSProp ділять на √r і крокують повністю: 22 і 5; RMSProp потім стрибає ±α."),
    _p("adagrad-shrink", "adaptive", "surface=narrow_valley&steps=300&run=adagrad,alpha=0.1",
       "AdaGrad: steps shrink to nothing", "AdaGrad: кроки зникають",
       "AdaGrad's accumulator r only grows, so α/√r and the steps shrink (40 times by the end): "
       "it stops short of the minimum.",
       "Накопичувач r в AdaGrad лише росте, тож α/√r і кроки меншають (у 40 разів до кінця): "
       "метод зупиняється, не дійшовши до мінімуму."),
    _p("rmsprop-fix", "adaptive", "surface=narrow_valley&steps=300&run=adagrad,alpha=0.1&run=rmsprop,alpha=0.1",
       "RMSProp fixes it", "RMSProp це виправляє",
       "RMSProp forgets old gradients (ρ = 0.99), so its steps do not die out: it reaches the minimum "
       "where AdaGrad stalls.",
       "RMSProp забуває старі градієнти (ρ = 0.99), тож його кроки не згасають: він доходить до мінімуму, "
       "де AdaGrad зупинився."),
    _p("adam-bias", "adaptive", "surface=narrow_valley,kappa=100&steps=60&run=rmsprop,alpha=0.1&run=adam,alpha=0.1"
       "&step=3",           # opens on the first steps, which are its point
       "Adam: bias correction", "Adam: корекція зсуву",
       "Step through the first updates: Adam's bias correction makes its first step exactly α = 0.1 in each "
       "coordinate; RMSProp, without it, jumps 10α = 1.",
       "Пройдіть перші кроки: завдяки корекції зсуву перший крок Adam — рівно α = 0.1 по кожній координаті; "
       "RMSProp без неї стрибає на 10α = 1."),
    _p("adam-fails", "adaptive", "surface=narrow_valley,kappa=100,angle=45&steps=300&run=gd,alpha=1.8"
       "&run=momentum,alpha=0.5,beta=0.8&run=adam,alpha=0.1",
       "Adam is not always best", "Adam — не завжди найкращий",
       "In a diagonal narrow valley, per-coordinate scaling does not help: after 300 steps Adam is still "
       "more than 1 away from the minimum, while plain momentum has converged.",
       "У діагональній вузькій долині масштабування по координатах не допомагає: після 300 кроків Adam "
       "усе ще далі ніж 1 від мінімуму, а звичайний імпульс уже збігся."),
    _p("adam-reddi", "adaptive",
       "surface=reddi&steps=600&run=adam,alpha=0.2,rho1=0,rho2=0.1,schedule=inv_sqrt"
       "&run=amsgrad,alpha=0.2,rho1=0,rho2=0.1,schedule=inv_sqrt&run=gd,alpha=0.2,schedule=inv_sqrt",
       "Adam does not converge (Reddi et al.)", "Adam не збігається (Редді та ін.)",
       "The gradient is 3 every third step, else −1, on [−1, 1]: the mean loss is least at x = −1. With the "
       "paper's ρ₁ = 0, ρ₂ = 0.1, α/√t, Adam forgets the rare 3 and drifts to x = +1, the worst point (step "
       "177). AMSGrad keeps the largest r: f − f* ≤ 10⁻⁶ at step 394; GD at 31.",
       "Градієнт 3 кожен третій крок, інакше −1, на [−1, 1]: у середньому мінімум у x = −1. Adam (ρ₁ = 0, "
       "ρ₂ = 0.1, α/√t) забуває рідкісне 3 і йде до x = +1 (з кроку 177). AMSGrad: −1 на кроці 394, ГС — 31."),
    _p("adam-reddi-rho2", "adaptive",
       "surface=reddi&steps=600&run=adam,alpha=0.2,rho1=0,rho2=0.1,schedule=inv_sqrt&view=sweep&sweep_y=rho2",
       "Which ρ₂ makes Adam fail", "За якого ρ₂ Adam хибить",
       "Each cell: Adam (ρ₁ = 0, α/√t) on the same problem, 600 steps. Colour f − f*: 0 at the minimum x = −1, "
       "0.67 at x = +1, the wrong end. Below ρ₂ = 0.4 every α ≥ 1 ends at +1; from ρ₂ = 0.5 up no α "
       "ends right of 0. The ring: the paper's ρ₂ = 1/(1 + C²) = 0.1.",
       "Клітинка — Adam (ρ₁ = 0, α/√t), 600 кроків. Колір f − f*: 0 у мінімумі x = −1, 0.67 у x = +1. "
       "За ρ₂ < 0.4 усі α ≥ 1 закінчують у +1, з ρ₂ = 0.5 — жоден. Кільце — ρ₂ = 0.1 зі статті."),
    _p("adamw-decay", "newer",
       "surface=custom&f=0.5*(x-2)**2%20%2B%2050*(y-2)**2&bounds=-1,3.5,-1,3.5&start=-0.5,-0.5&steps=600&run"
       "=adam,alpha=0.05,weight_decay=0.5&run=adamw,alpha=0.05,weight_decay=0.5",
       "AdamW vs Adam with L2", "AdamW проти Adam з L2",
       "The same λ = 0.5, y 100× steeper than x. Adam with L2 (λW added to g) settles at the minimum of f + "
       "½λ|W|², (1.33, 1.99): the pull is divided by y's large √r̂, so y barely moves. AdamW shrinks W by αλ"
       " per step, apart from g: both coordinates alike, to (1.47, 1.47).",
       "λ = 0.5, y у 100 разів крутіший. Adam з L2 (λW у g) стає в мінімум f + ½λ|W|², (1.33, 1.99): тяжіння"
       " ділиться на велике √r̂ по y. AdamW стискає W на αλ за крок, окремо від g: обидві координати до "
       "(1.47, 1.47)."),
    _p("lion-sign", "newer",
       "surface=narrow_valley,kappa=10&steps=300&run=lion,alpha=0.1&run=adam,alpha=0.1",
       "Lion: sign steps", "Lion: кроки-знаки",
       "Lion steps by the sign of its momentum: every coordinate moves exactly α = 0.1, so the path is all "
       "diagonal moves. It cannot settle: from step 150 it circles the minimum within ±α, while Adam's steps"
       " shrink below 10⁻³.",
       "Lion крокує за знаком імпульсу: кожна координата зсувається рівно на α = 0.1, шлях — самі "
       "діагональні ходи. Зупинитися він не може: з кроку 150 кружляє навколо мінімуму в межах ±α, а кроки "
       "Adam менші за 10⁻³."),
    _p("adadelta-eps", "newer",
       "surface=bowl&steps=600&run=adadelta&run=adadelta,eps=0.0001&run=adadelta,eps=0.01",
       "Adadelta: no learning rate", "Adadelta: без кроку навчання",
       "Adadelta has no α (α = 1): a step is the RMS of past steps over the RMS of gradients. So its first "
       "step is √(ε/(1−ρ)) per coordinate, whatever g: ε = 10⁻⁶, 10⁻⁴, 10⁻² start at 0.003, 0.03, 0.3 and "
       "reach the minimum at steps 513, 109, 19. ε took α's place.",
       "Adadelta не має α: крок — СКВ минулих кроків / СКВ градієнтів, і перший — √(ε/(1−ρ)) на координату. "
       "ε = 10⁻⁶, 10⁻⁴, 10⁻² стартують з 0.003, 0.03, 0.3 і доходять до мінімуму на кроках 513, 109, 19: α "
       "замінило ε."),
    _p("radam-start", "newer",
       "surface=rosenbrock&steps=300&run=adam,alpha=0.05&run=radam,alpha=0.05&run=radam,alpha=0.005",
       "RAdam: the first steps", "RAdam: перші кроки",
       "RAdam does not trust r for its first 5 steps and takes plain momentum steps α·p̂: at Adam's α = 0.05"
       " its first step on the steep wall is 8.1 long, and it diverges at step 4. At α = 0.005 it survives; "
       "from step 6 its adaptive steps start at 2.6 % of Adam's size and grow: a built-in warm-up.",
       "5 перших кроків RAdam не довіряє r і йде з імпульсом: α·p̂. За α = 0.05 (як в Adam) перший крок — "
       "8.1, на кроці 4 розбіжність. За α = 0.005 виживає; з кроку 6 адаптивні кроки — 2.6 % від кроків Adam"
       " і ростуть."),
    _p("nadam-lookahead", "newer",
       "surface=bowl&steps=150&run=adam,alpha=0.3&run=nadam,alpha=0.3",
       "NAdam: look-ahead", "NAdam: погляд уперед",
       "Same α = 0.3 and ρ₁ on the round bowl. Adam's momentum carries it 0.8 past the minimum before it "
       "turns; NAdam steps with the momentum it is about to have (Nesterov's look-ahead): it overshoots 0.16"
       " and reaches the minimum at step 34, Adam at step 132.",
       "α = 0.3, однакові ρ₁. Імпульс проносить Adam на 0.8 за мінімум; NAdam крокує з імпульсом наступного "
       "кроку (погляд уперед Нестерова): проскакує лише 0.16 і доходить до мінімуму на кроці 34, Adam — на "
       "132."),
    # a real network (surface=mlp): its 105 weights seen on a plane through the paths
    _p("net-race", "network",
       "surface=mlp,val=0.2&steps=300&run=gd,alpha=0.5&run=momentum,alpha=0.5,beta=0.9&run=adam,alpha=0.01",
       "GD, momentum, Adam on a network", "ГС, імпульс, Adam на мережі",
       "A real network: 2 tanh layers of 8 units (105 weights) on two moons, one start, the full batch. The "
       "loss falls below 0.2 at step 38 with momentum, 141 with Adam, 177 with GD. The map is a plane through "
       "105 dimensions: its corner says how much it shows.",
       "Справжня мережа: 2 шари tanh по 8 нейронів (105 ваг), два півмісяці, один старт. Втрата нижче 0.2: "
       "імпульс на кроці 38, Adam — 141, ГС — 177. Карта — площина в 105 вимірах; у кутку — скільки вона "
       "показує."),
    _p("net-batch", "network",
       "surface=mlp,val=0.2&steps=300&run=gd,alpha=0.5,batch=1&run=gd,alpha=0.5,batch=16&run=gd,alpha=0.5",
       "Batch size on a network", "Розмір пакета на мережі",
       "GD with α = 0.5 on batches of 1, 16 and all 160 examples. Per step the full batch wins (loss 0.13 "
       "at step 300, against 0.31 and 0.51), but each of its steps costs 160 examples: B = 1 has seen 300 in "
       "all. The smaller the batch, the noisier the loss.",
       "ГС з α = 0.5 на пакетах по 1, 16 і всіх 160 прикладів. За кроками повний пакет кращий (0.13 на "
       "кроці 300 проти 0.31 і 0.51), але його крок коштує 160 прикладів, а B = 1 бачив лише 300. Менший "
       "пакет — шумніша втрата."),
    _p("net-lr-large", "network", "surface=mlp,val=0.2&steps=300&run=gd,alpha=0.5&run=gd,alpha=10",
       "α too large on a network", "Завеликий α на мережі",
       "GD with α = 10 instead of 0.5: the first steps overshoot, the loss climbs from 0.85 to 13.0 at step 9"
       " and the path leaps across the plane. After 300 steps it is still at 0.50 (88 % right), against 0.13"
       " (96 %).",
       "ГС з α = 10 замість 0.5: перші кроки перелітають, втрата зростає з 0.85 до 13.0 на кроці 9, шлях "
       "стрибає площиною. Після 300 кроків — 0.50 (88 % правильно) проти 0.13 (96 %)."),
    _p("net-init-zero", "network", "surface=mlp,init=zero,val=0.2&steps=300&run=gd,alpha=0.5&run=adam,alpha=0.01",
       "All-zero weights", "Нульові ваги",
       "Every weight starts at 0: each hidden unit computes the same 0, and every weight's gradient is 0. "
       "Neither GD nor Adam ever moves a weight: the loss stays at ln 2 = 0.693, the same class for every "
       "point (50 % right).",
       "Усі ваги — 0: кожен нейрон рахує той самий 0, і градієнт кожної ваги — 0. Ні ГС, ні Adam не "
       "зрушують жодної ваги: втрата лишається ln 2 = 0.693, один клас для всіх точок (50 % правильно)."),
    _p("net-init-small", "network",
       "surface=mlp,scale=0.01,val=0.2&steps=500&run=gd,alpha=0.5&run=momentum,alpha=0.5,beta=0.9&run=adam,alpha=0.01",
       "Weights too small", "Замалі ваги",
       "Glorot weights × 0.01: the signal fades layer by layer and the gradient is 9·10⁻⁵ long, about 10⁴ "
       "times shorter than at × 1. After 500 steps GD is still at 0.693; momentum gets going (loss < 0.6) at"
       " step 107, Adam, which divides by √r, at step 19.",
       "Ваги Глоро × 0.01: сигнал згасає від шару до шару, градієнт — 9·10⁻⁵, у ~10⁴ раз менший, ніж за × 1."
       " За 500 кроків ГС ще на 0.693; імпульс рушає (втрата < 0.6) на кроці 107, Adam (ділить на √r) — на "
       "19."),
    _p("net-init-large", "network", "surface=mlp,scale=10,val=0.2&steps=300&run=gd,alpha=0.5&run=adam,alpha=0.01",
       "Weights too large", "Завеликі ваги",
       "Glorot weights × 10: 71 % of the first layer's tanh units are saturated (|h| > 0.96; 0.2 % at × 1): "
       "the network is sure and wrong, loss 6.1 at the start (0.85 at × 1). GD gets down to 0.15 in 300 "
       "steps, Adam only to 0.30.",
       "Ваги Глоро × 10: 71 % нейронів першого шару насичені (|h| > 0.96; за × 1 — 0.2 %): мережа впевнена "
       "й помиляється, втрата 6.1 на старті (0.85 за × 1). ГС за 300 кроків сходить до 0.15, Adam — до 0.30."),
    _p("net-overfit", "network", "surface=mlp,val=0.2&steps=1000&run=gd,alpha=0.5&run=momentum,alpha=0.5,beta=0.9",
       "Training vs validation loss", "Втрата навчання і валідації",
       "40 of the 200 points are held out. Momentum fits the 160 training points ever better (loss 0.0097 at "
       "step 1000, 100 % right), but its validation loss (dashed) is lowest, 0.14, at step 48 and climbs to "
       "0.36: it learns their noise. Stop early.",
       "40 із 200 точок відкладено. Імпульс дедалі краще вчить 160 точок (втрата 0.0097 на кроці 1000, "
       "100 %), але втрата валідації (штрих) найменша, 0.14, на кроці 48 і росте до 0.36: мережа вчить шум."),
    # "GD: the worst optimization method in the world" (the slides), each method at the α that
    # "tune α" picks for it here (tests/test_presets.py tunes them again)
    _p("race-tuned", "race",
       "surface=narrow_valley,kappa=100,angle=30&steps=300&run=gd,alpha=1.58&run=momentum,alpha=2.51"
       "&run=nesterov,alpha=1&run=adagrad,alpha=3.98&run=rmsprop,alpha=5.01&run=adam,alpha=3.16"
       "&run=amsgrad,alpha=3.98&run=nadam,alpha=1.58",
       "GD, the worst method? A fair race", "ГС — найгірший метод? Чесні перегони",
       "Each method at the α that tune α picks for it, on a rotated valley (κ = 100). Steps to f − f* ≤ 10⁻⁶: "
       "Nesterov 24, NAdam 71, AMSGrad 87, momentum and Adam 98, RMSProp 212, AdaGrad 291. GD never gets "
       "there: 2.6·10⁻⁶ after 300 steps.",
       "Кожен метод з α від «підібрати α», долина κ = 100. Кроків до f − f* ≤ 10⁻⁶: Нестеров 24, NAdam 71, "
       "AMSGrad 87, імпульс і Adam 98, RMSProp 212, AdaGrad 291. ГС — ніколи."),
    _p("valley-aligned", "rotation", "surface=narrow_valley,kappa=100&steps=150&run=gd,alpha=1.8"
       "&run=rmsprop,alpha=0.05&run=adam,alpha=0.1",
       "Valley along an axis", "Долина вздовж осі",
       "The valley lies along x: RMSProp and Adam scale each coordinate separately and go straight "
       "to the minimum.",
       "Долина лежить уздовж x: RMSProp і Adam масштабують кожну координату окремо і йдуть "
       "прямо до мінімуму."),
    _p("valley-rotated", "rotation", "surface=narrow_valley,kappa=100,angle=45&steps=150&run=gd,alpha=1.8"
       "&run=rmsprop,alpha=0.05&run=adam,alpha=0.1",
       "The same valley, rotated 45°", "Та сама долина, повернута на 45°",
       "Rotate the same valley by 45°: the per-coordinate trick stops working, and RMSProp and Adam "
       "end 10⁴ times higher than along the axis.",
       "Поверніть ту саму долину на 45°: трюк з координатами перестає працювати, і RMSProp та Adam "
       "закінчують у 10⁴ разів вище, ніж уздовж осі."),
    _p("lr-schedules", "schedule", "surface=bowl&steps=300&batch=1&sigma=2&run=gd,alpha=0.1"
       "&run=gd,alpha=0.1,schedule=step,gamma=0.5,every=50&run=gd,alpha=0.1,schedule=cosine",
       "Learning-rate schedules", "Розклади кроку навчання",
       "With noisy (B = 1) gradients a constant α keeps jittering around the minimum; halving α every "
       "50 steps, or a cosine decay, settles several times closer.",
       "Зі шумними (B = 1) градієнтами сталий α весь час тремтить біля мінімуму; зменшення α вдвічі "
       "кожні 50 кроків або косинусне спадання осідає в кілька разів ближче."),
    # the lecture's loss functions as landscapes (x = w, y = b): the same runs on three losses
    _p("loss-mse", "losses", "surface=linreg_mse,outliers=1&steps=300&run=gd,alpha=0.1&run=gd,alpha=0.1,batch=4",
       "Outliers 1: MSE", "Викиди 1: MSE",
       "Mean squared error (MSE) with 4 outliers: the bowl's bottom is pulled to the outliers (the fit "
       "tilts down), and with B = 4 the big residuals make SGD jump wildly. Compare with the MAE and Huber lessons.",
       "Середньоквадратична похибка (MSE) з 4 викидами: дно чаші зсунуте до викидів (пряма нахиляється вниз), "
       "а з B = 4 великі залишки змушують СГС дико стрибати. Порівняйте з уроками MAE і Губера."),
    _p("loss-mae", "losses", "surface=linreg_mae,outliers=1&steps=300&run=gd,alpha=0.1&run=gd,alpha=0.1,batch=4",
       "Outliers 2: MAE", "Викиди 2: MAE",
       "Mean absolute error (MAE), same data and runs: a V-shaped bowl with its minimum elsewhere; the fit "
       "ignores the outliers, and SGD's steps stay small (each example's gradient is bounded).",
       "Середня абсолютна похибка (MAE), ті самі дані й запуски: V-подібна чаша з мінімумом деінде; пряма "
       "ігнорує викиди, а кроки СГС лишаються малими (градієнт кожного прикладу обмежений)."),
    _p("loss-huber", "losses", "surface=linreg_huber,outliers=1&steps=300&run=gd,alpha=0.1&run=gd,alpha=0.1,batch=4",
       "Outliers 3: Huber", "Викиди 3: втрати Губера",
       "Huber's loss (δ = 1): quadratic near the minimum like MSE, linear for the outliers like MAE. Its minimum "
       "is close to MAE's, and SGD is as calm as with MAE.",
       "Втрати Губера (δ = 1): квадратичні біля мінімуму, як MSE, лінійні для викидів, як MAE. Мінімум "
       "близько до мінімуму MAE, а СГС такий же спокійний, як з MAE."),
    _p("sgd-batch-size", "losses", "surface=linreg_mse&steps=300&run=gd,alpha=0.03,batch=1&run=gd,alpha=0.03,batch=4"
       "&run=gd,alpha=0.03,batch=16&run=gd,alpha=0.03",
       "SGD: jitter shrinks as B grows", "СГС: тремтіння меншає зі зростанням B",
       "Real mini-batches of the 40 examples: B = 1 (stochastic GD), 4, 16 and 40 (batch GD). The cloud "
       "around the minimum shrinks as B grows; thin lines on the loss chart: mini-batch losses, vertical: epochs.",
       "Міні-пакети з 40 прикладів: B = 1 (стохастичний ГС), 4, 16 і 40 (пакетний ГС). Хмара біля "
       "мінімуму меншає зі зростанням B; тонкі лінії на графіку — втрати міні-пакетів, вертикальні — епохи."),
    _p("logreg-bce", "losses", "surface=logreg&steps=300&run=gd,alpha=0.5&run=gd,alpha=0.5,batch=1&run=adam,alpha=0.1",
       "Logistic regression with cross-entropy", "Логістична регресія з перехресною ентропією",
       "Binary cross-entropy of ŷ = σ(w x + b): a smooth convex bowl. Each point is a sigmoid (panel above "
       "the loss chart) with its boundary x = −b/w; SGD (B = 1) wobbles around the best one.",
       "BCE для ŷ = σ(w x + b): гладка опукла чаша. Кожна точка — сигмоїда (панель над графіком втрат) "
       "з межею рішення x = −b/w; СГС (B = 1) хитається навколо найкращої."),
    _p("custom-formula", "custom", "surface=custom&f=0.1*(x**2%20%2B%20y**2)%20%2B%20sin(x)*cos(y)&bounds=5"
       "&start=3,3&steps=200&run=gd,alpha=0.1&run=momentum,alpha=0.1,beta=0.9&run=adam,alpha=0.1",
       "Your own formula", "Власна формула",
       "f(x, y) = 0.1(x² + y²) + sin x cos y: GD and Adam stop in a local minimum, momentum rolls on to the "
       "global one. Edit the formula under Scene → Your own surface and press Enter.",
       "f(x, y) = 0.1(x² + y²) + sin x cos y: ГС і Adam зупиняються в локальному мінімумі, імпульс "
       "докочується до глобального. Змініть формулу в Сцена → Власна поверхня і натисніть Enter."),
    # the sweep and basin views (app/analysis.py)
    _p("lr-sweep", "lr", "surface=bowl&steps=60&run=gd,alpha=0.3&view=sweep",
       "Too small, right, too large: one picture", "Замалий, якраз, завеликий: одна картинка",
       "Each cell: 60 GD steps with one α from 10⁻⁴ to 10: too small on the left (pale: far from the minimum), "
       "right in the dark band (best α ≈ 0.5), too large on the right (dark red: diverged).",
       "Клітинка — 60 кроків ГС з одним α від 10⁻⁴ до 10: ліворуч замалий (світле: далеко від мінімуму), "
       "якраз у темній смузі (найкраще α ≈ 0.5), праворуч завеликий (темно-червоне: розбіжність)."),
    _p("basins-himmelblau", "basins",
       "surface=himmelblau&steps=300&run=gd,alpha=0.01&run=adam,alpha=0.1&view=basin&sweep_run=-1",
       "Which minimum? GD vs Adam", "Який мінімум? ГС проти Adam",
       "Four minima; each cell is a run started there, coloured by the minimum it ends in: GD (α = 0.01) left, "
       "Adam (α = 0.1) right. Adam's sign-like steps cut along diagonals: one start in thirteen ends elsewhere.",
       "Чотири мінімуми; клітинка — запуск з неї, колір — мінімум, де він закінчився: ГС (α = 0.01) "
       "ліворуч, Adam (α = 0.1) праворуч. Кроки Adam, схожі на знак градієнта, ріжуть по діагоналях: "
       "кожен 13-й старт — деінде."),
]

PRESETS: dict[str, Preset] = {p.name: p for p in _P}
