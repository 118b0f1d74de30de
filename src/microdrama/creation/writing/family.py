"""家庭 (family drama): the eldest daughter who carried the family is asked to pay for her
brother's wedding flat. Conflict from real pressures, no stock “evil mother-in-law” (NRTA tips):
the mother is partial but human, and the family finds its way back."""

from __future__ import annotations

from ..models.vocabulary import Gender, Setting, TimeOfDay
from .genre import Beat, Escalation, Genre, Place, RoleTemplate, SceneTemplate

GENRE = Genre(
    name="家庭",
    aliases=("亲情", "伦理", "家庭伦理", "生活", "现实"),
    titles=("家有长姐", "一本旧账", "回家的路", "饭桌上的人", "妈妈的偏心"),
    logline="{premise}。长姐{A}撑起了整个家，一张三十万的欠条，让她第一次对母亲说“不”。",
    synopsis="{job}{A}十年来把工资寄回家供弟弟{C}读书。如今{C}要结婚，母亲{D}让{A}再出三十万首付。"
    "丈夫{B}站在她身后，而一本旧账本，藏着父亲留下的秘密。",
    style="温暖写实的家庭剧风格，自然光，生活化场景，竖屏构图",
    jobs=("护士", "会计", "教师", "销售", "工程师", "公务员"),
    roles=(
        RoleTemplate(
            key="A",
            role="女主",
            gender=Gender.FEMALE,
            age=(30, 35),
            surnames=("陈", "王", "刘", "张", "李"),
            given=("秀", "静", "慧", "丽", "芳"),
            appearance=(
                "三十二岁左右的女子，长发低低挽起，眼下有淡淡的黑眼圈，面容温和坚毅",
                "三十出头的女子，齐肩短发，素面朝天，手上有薄茧",
            ),
            wardrobe=("灰色针织开衫，深色长裤", "藏蓝色工作服外套"),
            personality="隐忍、顾家、外柔内刚",
            speaking_style="说话温和，被逼急了一字一句",
        ),
        RoleTemplate(
            key="B",
            role="男主",
            gender=Gender.MALE,
            age=(32, 37),
            surnames=("赵", "孙", "周", "吴", "郑"),
            given=("建国", "志强", "立军", "海涛", "明"),
            appearance=(
                "三十五岁左右的男子，平头，国字脸，憨厚，笑起来眼角有细纹",
                "三十多岁的男子，身材结实，皮肤黝黑，戴一块旧电子表",
            ),
            wardrobe=("格子衬衫，洗旧的牛仔裤", "深色夹克，工装鞋"),
            personality="老实、担当、心疼妻子",
            speaking_style="话不多，一开口就站在妻子这边",
        ),
        RoleTemplate(
            key="C",
            role="配角",
            gender=Gender.MALE,
            age=(24, 28),
            surnames=("-",),
            given=("磊", "鹏", "浩", "强"),
            appearance=(
                "二十五岁左右的男子，染了栗色头发，耳钉，手里总拿着手机",
                "二十多岁的男子，个子高瘦，戴棒球帽，神情不耐烦",
            ),
            wardrobe=("潮牌卫衣，白色球鞋", "皮夹克配破洞牛仔裤"),
            personality="被宠坏、心不坏",
            speaking_style="理直气壮，说话带着抱怨",
        ),
        RoleTemplate(
            key="D",
            role="配角",
            gender=Gender.FEMALE,
            age=(55, 62),
            surnames=("刘", "杨", "黄", "何"),
            given=("桂兰", "秀英", "玉梅", "凤霞"),
            appearance=(
                "六十岁左右的妇人，短发花白，微胖，眉头总是皱着",
                "五十多岁的妇人，烫着小卷发，面容操劳，手指关节粗大",
            ),
            wardrobe=("碎花棉袄，套袖", "深红色毛衣，围裙"),
            personality="偏心、嘴硬、其实心疼女儿",
            speaking_style="大嗓门，说话爱翻旧账",
        ),
    ),
    places=(
        Place("dining", "老家饭厅", TimeOfDay.NIGHT, Setting.INTERIOR, "旧圆桌，一盏吊灯，墙上挂着全家福"),
        Place("yard", "老家院子", TimeOfDay.DAY, Setting.EXTERIOR, "晾衣绳，老槐树，砖墙"),
        Place("flat", "{A}和{B}的小家", TimeOfDay.NIGHT, Setting.INTERIOR, "小客厅，旧沙发，茶几上有药盒"),
        Place("hospital", "县医院走廊", TimeOfDay.DAY, Setting.INTERIOR, "长椅，消毒水味，缴费窗口"),
        Place("bedroom", "父亲的旧卧室", TimeOfDay.NIGHT, Setting.INTERIOR, "木衣柜，老式台灯，积灰的书桌"),
    ),
    props={"X": ("一本蓝皮旧账本", "一本记账的旧笔记本", "一叠汇款单")},
    beats=(
        Beat(
            titles=("三十万", "饭桌上的欠条"),
            synopsis="年夜饭上，母亲{D}拍出一张欠条，要{A}为弟弟{C}出三十万首付。",
            hook="开场三秒：一张欠条拍在年夜饭桌上",
            cliffhanger="{A}拿出{X}，说出十年来寄回家的总数——数字只说了一半",
            scenes=(
                SceneTemplate(
                    "dining",
                    "压抑、爆发",
                    (
                        "!年夜饭桌上，{D}把一张欠条“啪”地拍在{A}面前。",
                        "@D|理直气壮|你弟结婚，首付三十万，你来出。",
                        "@C|不耐烦|姐，你工资高，这点钱不算啥。",
                        "!{A}握着筷子的手停在半空，{B}看向她。",
                        "@A|平静|妈，这十年，我寄回家多少钱？",
                        "@D|躲闪|一家人，算这么清楚干什么？",
                    ),
                ),
                SceneTemplate(
                    "dining",
                    "对峙",
                    (
                        "!{A}从包里拿出{X}，一页页翻开。",
                        "@A|哽咽|我都记着。一共是——",
                    ),
                ),
            ),
        ),
        Beat(
            titles=("我不签", "家门外"),
            synopsis="{A}第一次拒绝母亲，{B}陪她离开；{C}追出来，却说出父亲生前的一句话。",
            hook="开场三秒：{A}把欠条推回母亲面前",
            cliffhanger="{C}说父亲临终前留了东西给{A}——话没说完",
            scenes=(
                SceneTemplate(
                    "dining",
                    "决裂",
                    (
                        "!{A}把欠条推回{D}面前，站起身来。",
                        "@A|坚定|妈，这个字，我不签。",
                        "@D|发怒|白养你了！你爸要是还在……",
                        "@B|沉声|妈，她这些年怎么过的，您知道吗？",
                        "!{A}拿起外套，和{B}一起走出家门。",
                    ),
                ),
                SceneTemplate(
                    "yard",
                    "转折",
                    (
                        "!院子里，{C}追出来，一把拉住{A}。",
                        "@C|别扭|姐……爸走那天，其实跟我说过一句话。",
                        "@C|低声|他说，床底下那个盒子，只能给你——",
                    ),
                ),
            ),
        ),
        Beat(
            titles=("铁皮盒", "父亲的字"),
            synopsis="{A}回到父亲旧卧室，找到他留下的存折和信，才知道母亲一直瞒着一件事。",
            hook="开场三秒：床底拖出一个落满灰的铁皮盒",
            cliffhanger="{D}站在门口，说出瞒了十年的真相——话没说完",
            scenes=(
                SceneTemplate(
                    "bedroom",
                    "怀念、揪心",
                    (
                        "!{A}从床底拖出一个落满灰的铁皮盒。",
                        "!盒子里是一本存折，和一封折得整整齐齐的信。",
                        "VO@A|哽咽|爸的字，还是那么歪。",
                        "@B|轻声|存折上的名字，是你。",
                        "@A|震惊|每一笔，都是我寄回来的钱……",
                        "!门口，{D}扶着门框，眼圈通红。",
                        "@D|颤抖|{Ag}，妈瞒了你十年，其实——",
                    ),
                ),
            ),
        ),
        Beat(
            titles=("病房", "一家人"),
            synopsis="{D}病倒住院，{C}第一次守在床前；一家人在缴费窗口前重新坐到一起。",
            hook="开场三秒：急诊推车从走廊冲过",
            cliffhanger="医生拿着检查单走来：“家属过来一下，情况是——”",
            scenes=(
                SceneTemplate(
                    "hospital",
                    "焦灼、和解",
                    (
                        "!急诊推车冲过走廊，{D}躺在上面，脸色蜡黄。",
                        "@C|慌乱|姐，医生说要先交五万……",
                        "!{A}二话不说，把银行卡递进缴费窗口。",
                        "@C|哽咽|姐，首付我不要了，我自己挣。",
                        "@A|轻声|先顾着妈，别的以后再说。",
                        "@B|拍肩|一家人，没有过不去的坎。",
                        "!医生拿着检查单走来：“家属过来一下，情况是——”",
                    ),
                ),
            ),
        ),
    ),
    escalation=Escalation(
        titles=("亲戚来了", "房子", "账本", "回门", "饭局", "心结", "老屋", "和好"),
        pressures=(
            ("!一群亲戚涌进小客厅，七嘴八舌地劝{A}出钱。", "亲戚登门施压"),
            ("!{C}的未婚妻家打来电话：没房子就退婚。", "{C}面临退婚"),
            ("!{D}偷偷拿走了{A}家的房产证。", "{D}拿走房产证"),
            ("!{A}单位门口，{D}坐在台阶上哭诉。", "{D}到单位哭闹"),
            ("!老屋要拆迁，一纸通知贴在了院门上。", "老屋面临拆迁"),
        ),
        taunts=(
            "@D|抹泪|我养你这么大，你就这么对我？",
            "@C|嚷嚷|你是我姐，你不帮我谁帮我？",
            "@D|赌气|你不管，我就没你这个女儿。",
            "@C|抱怨|从小到大，爸妈都说让着我。",
            "@D|翻旧账|当年你上学的钱，是谁出的？",
        ),
        answers=(
            "@A|平静|妈，我帮家里，不是因为欠谁。",
            "@A|疲惫|我也是别人的妻子，我也有家。",
            "@A|坚定|该帮的我帮，不该给的我不给。",
            "@A|哽咽|让了三十年，我也会累。",
            "@A|心平气和|咱们把话摊开说，好不好？",
        ),
        allies=(
            "@B|沉声|这个家，{A}说了算。",
            "!{B}默默给{A}倒了一杯热水，握住她的手。",
            "@B|认真|钱的事，我们一起想办法。",
            "!{C}低着头，把车钥匙放在桌上。",
            "@B|温和|妈，您先坐，有话慢慢说。",
        ),
        turns=(
            "!{D}的手机里，存着{A}小时候的每一张奖状照片。",
            "!{C}偷偷把自己的工资卡塞进了{D}的口袋。",
            "!拆迁通知上，户主一栏写着{A}的名字。",
            "!{D}转过身，悄悄抹掉眼角的泪。",
            "!全家福从墙上掉下来，玻璃裂成两半。",
        ),
        cliffs=(
            ("@D|犹豫|{Ag}，有件事，妈一直没敢说——", "{D}要坦白一件旧事——话没说完"),
            ("!门外传来敲门声，一个陌生女人抱着孩子站在门口——", "陌生女人抱着孩子登门"),
            ("@C|慌张|姐，出事了，妈她——", "{C}慌张报信：{D}出事了"),
            ("!{A}打开父亲的信，最后一行写着——", "父亲信中的最后一句话"),
            ("@B|沉重|{A}，我们的房子，被人抵押了——", "{A}和{B}的房子被抵押"),
        ),
    ),
)
