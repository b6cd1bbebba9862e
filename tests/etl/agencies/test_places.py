"""resolve_place on real organ names of every level, written out with their true place."""

from __future__ import annotations

import pytest

from etl.agencies.divisions import division_index
from etl.agencies.places import PlaceResult, resolve_place
from etl.template import KINDS, LEVELS

C, P, S, X, T = LEVELS  # 国务院部门, 省级, 市级, 县级, 乡镇街道
GOV, DEPT = KINDS

# name, province, city, county, level, kind
NAMES: list[tuple[str, str, str, str, str, str]] = [
    # 国务院部门
    ("教育部", "", "", "", C, DEPT),
    ("公安部", "", "", "", C, DEPT),
    ("外交部", "", "", "", C, DEPT),
    ("商务部", "", "", "", C, DEPT),
    ("财政部", "", "", "", C, DEPT),
    ("民政部", "", "", "", C, DEPT),
    ("司法部", "", "", "", C, DEPT),
    ("水利部", "", "", "", C, DEPT),
    ("自然资源部", "", "", "", C, DEPT),
    ("生态环境部", "", "", "", C, DEPT),
    ("住房和城乡建设部", "", "", "", C, DEPT),
    ("交通运输部", "", "", "", C, DEPT),
    ("农业农村部", "", "", "", C, DEPT),
    ("文化和旅游部", "", "", "", C, DEPT),
    ("退役军人事务部", "", "", "", C, DEPT),
    ("应急管理部", "", "", "", C, DEPT),
    ("科学技术部", "", "", "", C, DEPT),
    ("工业和信息化部", "", "", "", C, DEPT),
    ("人力资源和社会保障部", "", "", "", C, DEPT),
    ("审计署", "", "", "", C, DEPT),
    ("海关总署", "", "", "", C, DEPT),
    ("国家公务员局", "", "", "", C, DEPT),
    ("国家税务总局", "", "", "", C, DEPT),
    ("国家发展和改革委员会", "", "", "", C, DEPT),
    ("国家民族事务委员会", "", "", "", C, DEPT),
    ("国家卫生健康委员会", "", "", "", C, DEPT),
    ("国家市场监督管理总局", "", "", "", C, DEPT),
    ("国家金融监督管理总局", "", "", "", C, DEPT),
    ("国家广播电视总局", "", "", "", C, DEPT),
    ("国家体育总局", "", "", "", C, DEPT),
    ("国家统计局", "", "", "", C, DEPT),
    ("国家医疗保障局", "", "", "", C, DEPT),
    ("国家机关事务管理局", "", "", "", C, DEPT),
    ("国家知识产权局", "", "", "", C, DEPT),
    ("国家林业和草原局", "", "", "", C, DEPT),
    ("国家铁路局", "", "", "", C, DEPT),
    ("国家邮政局", "", "", "", C, DEPT),
    ("国家文物局", "", "", "", C, DEPT),
    ("国家中医药管理局", "", "", "", C, DEPT),
    ("国家矿山安全监察局", "", "", "", C, DEPT),
    ("国家外汇管理局", "", "", "", C, DEPT),
    ("国家药品监督管理局", "", "", "", C, DEPT),
    ("国家移民管理局", "", "", "", C, DEPT),
    ("国家能源局", "", "", "", C, DEPT),
    ("国家粮食和物资储备局", "", "", "", C, DEPT),
    ("国家乡村振兴局", "", "", "", C, DEPT),
    ("国家信访局", "", "", "", C, DEPT),
    ("国家国际发展合作署", "", "", "", C, DEPT),
    ("中国人民银行", "", "", "", C, DEPT),
    ("中国证券监督管理委员会", "", "", "", C, DEPT),
    ("中国民用航空局", "", "", "", C, DEPT),
    ("中国气象局", "", "", "", C, DEPT),
    ("中国地震局", "", "", "", C, DEPT),
    ("国务院国有资产监督管理委员会", "", "", "", C, DEPT),
    ("国务院台湾事务办公室", "", "", "", C, DEPT),
    # local branches of central organs
    ("国家税务总局河北省税务局", "河北省", "", "", P, DEPT),
    ("国家税务总局上海市税务局", "上海市", "", "", P, DEPT),
    ("国家税务总局保定市税务局", "河北省", "保定市", "", S, DEPT),
    ("国家税务总局北京市海淀区税务局", "北京市", "", "海淀区", X, DEPT),
    ("国家统计局河北调查总队", "河北省", "", "", P, DEPT),
    ("中国人民银行石家庄中心支行", "河北省", "石家庄市", "", S, DEPT),
    # 省级
    ("河北省人民政府", "河北省", "", "", P, GOV),
    ("河北省教育厅", "河北省", "", "", P, DEPT),
    ("河北省人民政府办公厅", "河北省", "", "", P, GOV),
    ("山西省自然资源厅", "山西省", "", "", P, DEPT),
    ("内蒙古自治区人民政府", "内蒙古自治区", "", "", P, GOV),
    ("内蒙古自治区民政厅", "内蒙古自治区", "", "", P, DEPT),
    ("辽宁省财政厅", "辽宁省", "", "", P, DEPT),
    ("吉林省人民政府", "吉林省", "", "", P, GOV),
    ("黑龙江省住房和城乡建设厅", "黑龙江省", "", "", P, DEPT),
    ("江苏省人民政府办公厅", "江苏省", "", "", P, GOV),
    ("浙江省市场监督管理局", "浙江省", "", "", P, DEPT),
    ("安徽省生态环境厅", "安徽省", "", "", P, DEPT),
    ("福建省人民政府", "福建省", "", "", P, GOV),
    ("江西省交通运输厅", "江西省", "", "", P, DEPT),
    ("山东省公安厅", "山东省", "", "", P, DEPT),
    ("河南省人民政府", "河南省", "", "", P, GOV),
    ("湖北省卫生健康委员会", "湖北省", "", "", P, DEPT),
    ("湖南省人民政府", "湖南省", "", "", P, GOV),
    ("广东省人力资源和社会保障厅", "广东省", "", "", P, DEPT),
    ("广西壮族自治区人民政府", "广西壮族自治区", "", "", P, GOV),
    ("广西壮族自治区农业农村厅", "广西壮族自治区", "", "", P, DEPT),
    ("海南省人民政府", "海南省", "", "", P, GOV),
    ("四川省人民政府", "四川省", "", "", P, GOV),
    ("贵州省人民政府办公厅", "贵州省", "", "", P, GOV),
    ("云南省教育厅", "云南省", "", "", P, DEPT),
    ("西藏自治区人民政府", "西藏自治区", "", "", P, GOV),
    ("陕西省人民政府", "陕西省", "", "", P, GOV),
    ("甘肃省司法厅", "甘肃省", "", "", P, DEPT),
    ("青海省人民政府", "青海省", "", "", P, GOV),
    ("宁夏回族自治区人民政府", "宁夏回族自治区", "", "", P, GOV),
    ("新疆维吾尔自治区发展和改革委员会", "新疆维吾尔自治区", "", "", P, DEPT),
    # direct-administered municipalities: the city is the province
    ("北京市人民政府", "北京市", "", "", P, GOV),
    ("北京市教育委员会", "北京市", "", "", P, DEPT),
    ("上海市人民政府办公厅", "上海市", "", "", P, GOV),
    ("天津市财政局", "天津市", "", "", P, DEPT),
    ("重庆市人民政府", "重庆市", "", "", P, GOV),
    ("重庆市交通局", "重庆市", "", "", P, DEPT),
    # 市级
    ("保定市行政审批局", "河北省", "保定市", "", S, DEPT),
    ("石家庄市人民政府", "河北省", "石家庄市", "", S, GOV),
    ("唐山市教育局", "河北省", "唐山市", "", S, DEPT),
    ("太原市人民政府", "山西省", "太原市", "", S, GOV),
    ("大同市财政局", "山西省", "大同市", "", S, DEPT),
    ("呼和浩特市人民政府", "内蒙古自治区", "呼和浩特市", "", S, GOV),
    ("包头市自然资源局", "内蒙古自治区", "包头市", "", S, DEPT),
    ("沈阳市人民政府", "辽宁省", "沈阳市", "", S, GOV),
    ("大连市司法局", "辽宁省", "大连市", "", S, DEPT),
    ("长春市人民政府", "吉林省", "长春市", "", S, GOV),
    ("吉林市人民政府", "吉林省", "吉林市", "", S, GOV),
    ("哈尔滨市人民政府", "黑龙江省", "哈尔滨市", "", S, GOV),
    ("佳木斯市民政局", "黑龙江省", "佳木斯市", "", S, DEPT),
    ("南京市人民政府", "江苏省", "南京市", "", S, GOV),
    ("苏州市人民政府办公室", "江苏省", "苏州市", "", S, GOV),
    ("淮安市人民政府", "江苏省", "淮安市", "", S, GOV),
    ("杭州市人民政府", "浙江省", "杭州市", "", S, GOV),
    ("宁波市交通运输局", "浙江省", "宁波市", "", S, DEPT),
    ("合肥市人民政府", "安徽省", "合肥市", "", S, GOV),
    ("黄山市人民政府", "安徽省", "黄山市", "", S, GOV),
    ("厦门市财政局", "福建省", "厦门市", "", S, DEPT),
    ("南昌市人民政府", "江西省", "南昌市", "", S, GOV),
    ("赣州市教育局", "江西省", "赣州市", "", S, DEPT),
    ("济南市人民政府", "山东省", "济南市", "", S, GOV),
    ("青岛市人民政府", "山东省", "青岛市", "", S, GOV),
    ("洛阳市人民政府", "河南省", "洛阳市", "", S, GOV),
    ("武汉市人民政府", "湖北省", "武汉市", "", S, GOV),
    ("宜昌市人民政府", "湖北省", "宜昌市", "", S, GOV),
    ("益阳市审计局", "湖南省", "益阳市", "", S, DEPT),
    ("广州市人民政府", "广东省", "广州市", "", S, GOV),
    ("深圳市人民政府", "广东省", "深圳市", "", S, GOV),
    ("东莞市人民政府", "广东省", "东莞市", "", S, GOV),
    ("桂林市人民政府", "广西壮族自治区", "桂林市", "", S, GOV),
    ("三亚市人民政府", "海南省", "三亚市", "", S, GOV),
    ("成都市人民政府", "四川省", "成都市", "", S, GOV),
    ("达州市人民政府", "四川省", "达州市", "", S, GOV),
    ("毕节市人民政府", "贵州省", "毕节市", "", S, GOV),
    ("昆明市人民政府", "云南省", "昆明市", "", S, GOV),
    ("拉萨市人民政府", "西藏自治区", "拉萨市", "", S, GOV),
    ("西安市人民政府", "陕西省", "西安市", "", S, GOV),
    ("兰州市人民政府", "甘肃省", "兰州市", "", S, GOV),
    ("西宁市人民政府", "青海省", "西宁市", "", S, GOV),
    ("银川市人民政府", "宁夏回族自治区", "银川市", "", S, GOV),
    ("乌鲁木齐市人民政府", "新疆维吾尔自治区", "乌鲁木齐市", "", S, GOV),
    ("河北省保定市人民政府", "河北省", "保定市", "", S, GOV),
    # 自治州 (full and short names)
    ("延边朝鲜族自治州人民政府", "吉林省", "延边朝鲜族自治州", "", S, GOV),
    ("延边州教育局", "吉林省", "延边朝鲜族自治州", "", S, DEPT),
    ("恩施土家族苗族自治州人民政府", "湖北省", "恩施土家族苗族自治州", "", S, GOV),
    ("恩施州财政局", "湖北省", "恩施土家族苗族自治州", "", S, DEPT),
    ("湘西土家族苗族自治州人民政府", "湖南省", "湘西土家族苗族自治州", "", S, GOV),
    ("凉山彝族自治州人民政府", "四川省", "凉山彝族自治州", "", S, GOV),
    ("阿坝州人民政府", "四川省", "阿坝藏族羌族自治州", "", S, GOV),
    ("甘孜藏族自治州人民政府", "四川省", "甘孜藏族自治州", "", S, GOV),
    ("黔东南苗族侗族自治州人民政府", "贵州省", "黔东南苗族侗族自治州", "", S, GOV),
    ("黔南州财政局", "贵州省", "黔南布依族苗族自治州", "", S, DEPT),
    ("大理白族自治州人民政府", "云南省", "大理白族自治州", "", S, GOV),
    ("红河州人民政府", "云南省", "红河哈尼族彝族自治州", "", S, GOV),
    ("西双版纳傣族自治州人民政府", "云南省", "西双版纳傣族自治州", "", S, GOV),
    ("临夏回族自治州人民政府", "甘肃省", "临夏回族自治州", "", S, GOV),
    ("海西蒙古族藏族自治州人民政府", "青海省", "海西蒙古族藏族自治州", "", S, GOV),
    ("海南藏族自治州人民政府", "青海省", "海南藏族自治州", "", S, GOV),
    ("海南州教育局", "青海省", "海南藏族自治州", "", S, DEPT),
    ("昌吉回族自治州人民政府", "新疆维吾尔自治区", "昌吉回族自治州", "", S, GOV),
    ("伊犁哈萨克自治州人民政府", "新疆维吾尔自治区", "伊犁哈萨克自治州", "", S, GOV),
    ("博尔塔拉蒙古自治州人民政府", "新疆维吾尔自治区", "博尔塔拉蒙古自治州", "", S, GOV),
    # 盟 and 地区 (行政公署 is their government)
    ("锡林郭勒盟行政公署", "内蒙古自治区", "锡林郭勒盟", "", S, GOV),
    ("兴安盟行政公署", "内蒙古自治区", "兴安盟", "", S, GOV),
    ("阿拉善盟教育局", "内蒙古自治区", "阿拉善盟", "", S, DEPT),
    ("阿里地区行政公署", "西藏自治区", "阿里地区", "", S, GOV),
    ("喀什地区行政公署", "新疆维吾尔自治区", "喀什地区", "", S, GOV),
    ("和田地区财政局", "新疆维吾尔自治区", "和田地区", "", S, DEPT),
    ("大兴安岭地区行政公署", "黑龙江省", "大兴安岭地区", "", S, GOV),
    ("阿克苏地区行政公署", "新疆维吾尔自治区", "阿克苏地区", "", S, GOV),
    ("塔城地区行政公署", "新疆维吾尔自治区", "塔城地区", "", S, GOV),
    # 县级: 县, 市辖区, 县级市, 旗, autonomous counties
    ("淮安市洪泽区人民政府", "江苏省", "淮安市", "洪泽区", X, GOV),
    ("抚远市自然资源局", "黑龙江省", "佳木斯市", "抚远市", X, DEPT),
    ("桃江县审计局", "湖南省", "益阳市", "桃江县", X, DEPT),
    ("赫章县交通运输局", "贵州省", "毕节市", "赫章县", X, DEPT),
    ("保定市莲池区人民政府", "河北省", "保定市", "莲池区", X, GOV),
    ("涞水县人民政府", "河北省", "保定市", "涞水县", X, GOV),
    ("正定县人民政府", "河北省", "石家庄市", "正定县", X, GOV),
    ("平遥县人民政府", "山西省", "晋中市", "平遥县", X, GOV),
    ("准格尔旗人民政府", "内蒙古自治区", "鄂尔多斯市", "准格尔旗", X, GOV),
    ("锡林浩特市人民政府", "内蒙古自治区", "锡林郭勒盟", "锡林浩特市", X, GOV),
    ("鄂伦春自治旗人民政府", "内蒙古自治区", "呼伦贝尔市", "鄂伦春自治旗", X, GOV),
    ("本溪满族自治县人民政府", "辽宁省", "本溪市", "本溪满族自治县", X, GOV),
    ("长白朝鲜族自治县人民政府", "吉林省", "白山市", "长白朝鲜族自治县", X, GOV),
    ("延吉市人民政府", "吉林省", "延边朝鲜族自治州", "延吉市", X, GOV),
    ("昆山市人民政府", "江苏省", "苏州市", "昆山市", X, GOV),
    ("江阴市人民政府", "江苏省", "无锡市", "江阴市", X, GOV),
    ("义乌市人民政府", "浙江省", "金华市", "义乌市", X, GOV),
    ("杭州市西湖区人民政府", "浙江省", "杭州市", "西湖区", X, GOV),
    ("肥西县人民政府", "安徽省", "合肥市", "肥西县", X, GOV),
    ("晋江市人民政府", "福建省", "泉州市", "晋江市", X, GOV),
    ("井冈山市人民政府", "江西省", "吉安市", "井冈山市", X, GOV),
    ("寿光市人民政府", "山东省", "潍坊市", "寿光市", X, GOV),
    ("兰考县人民政府", "河南省", "开封市", "兰考县", X, GOV),
    ("恩施市人民政府", "湖北省", "恩施土家族苗族自治州", "恩施市", X, GOV),
    ("长阳土家族自治县人民政府", "湖北省", "宜昌市", "长阳土家族自治县", X, GOV),
    ("长阳县人民政府", "湖北省", "宜昌市", "长阳土家族自治县", X, GOV),
    ("凤凰县人民政府", "湖南省", "湘西土家族苗族自治州", "凤凰县", X, GOV),
    ("佛山市顺德区人民政府", "广东省", "佛山市", "顺德区", X, GOV),
    ("深圳市龙岗区人民政府", "广东省", "深圳市", "龙岗区", X, GOV),
    ("阳朔县人民政府", "广西壮族自治区", "桂林市", "阳朔县", X, GOV),
    ("大竹县人民政府", "四川省", "达州市", "大竹县", X, GOV),
    ("九寨沟县人民政府", "四川省", "阿坝藏族羌族自治州", "九寨沟县", X, GOV),
    ("西昌市人民政府", "四川省", "凉山彝族自治州", "西昌市", X, GOV),
    ("仁怀市人民政府", "贵州省", "遵义市", "仁怀市", X, GOV),
    ("六枝特区人民政府", "贵州省", "六盘水市", "六枝特区", X, GOV),
    ("丽江市古城区人民政府", "云南省", "丽江市", "古城区", X, GOV),
    ("景洪市人民政府", "云南省", "西双版纳傣族自治州", "景洪市", X, GOV),
    ("林周县人民政府", "西藏自治区", "拉萨市", "林周县", X, GOV),
    ("敦煌市人民政府", "甘肃省", "酒泉市", "敦煌市", X, GOV),
    ("格尔木市人民政府", "青海省", "海西蒙古族藏族自治州", "格尔木市", X, GOV),
    ("灵武市人民政府", "宁夏回族自治区", "银川市", "灵武市", X, GOV),
    ("喀什市人民政府", "新疆维吾尔自治区", "喀什地区", "喀什市", X, GOV),
    ("乾安县人民政府", "吉林省", "松原市", "乾安县", X, GOV),
    ("四川省达州市大竹县财政局", "四川省", "达州市", "大竹县", X, DEPT),
    ("湖南省桃江县人民政府办公室", "湖南省", "益阳市", "桃江县", X, GOV),
    # counties directly under a province: no prefecture
    ("琼海市人民政府", "海南省", "", "琼海市", X, GOV),
    ("仙桃市人民政府", "湖北省", "", "仙桃市", X, GOV),
    ("潜江市人民政府", "湖北省", "", "潜江市", X, GOV),
    ("神农架林区人民政府", "湖北省", "", "神农架林区", X, GOV),
    ("济源市人民政府", "河南省", "", "济源市", X, GOV),
    ("石河子市人民政府", "新疆维吾尔自治区", "", "石河子市", X, GOV),
    # districts and counties of municipalities
    ("北京市朝阳区人民政府", "北京市", "", "朝阳区", X, GOV),
    ("北京市海淀区教育委员会", "北京市", "", "海淀区", X, DEPT),
    ("上海市浦东新区人民政府", "上海市", "", "浦东新区", X, GOV),
    ("上海市黄浦区财政局", "上海市", "", "黄浦区", X, DEPT),
    ("天津市滨海新区人民政府", "天津市", "", "滨海新区", X, GOV),
    ("天津市和平区人民政府", "天津市", "", "和平区", X, GOV),
    ("重庆市万州区人民政府", "重庆市", "", "万州区", X, GOV),
    ("重庆市城口县人民政府", "重庆市", "", "城口县", X, GOV),
    ("城口县财政局", "重庆市", "", "城口县", X, DEPT),
    # counties renamed or created after the table (县改区, 县改市, merged prefectures)
    ("重庆市梁平区人民政府", "重庆市", "", "梁平区", X, GOV),
    ("神木市人民政府", "陕西省", "榆林市", "神木市", X, GOV),
    ("济南市莱芜区人民政府", "山东省", "济南市", "莱芜区", X, GOV),
    ("宜宾市叙州区人民政府", "四川省", "宜宾市", "叙州区", X, GOV),
    ("那曲市人民政府", "西藏自治区", "那曲市", "", S, GOV),
    # 乡镇街道
    ("大竹县川主乡人民政府", "四川省", "达州市", "大竹县", T, GOV),
    ("潜江市周矶街道办事处", "湖北省", "", "潜江市", T, GOV),
    ("东莞市虎门镇人民政府", "广东省", "东莞市", "", T, GOV),
    ("中山市小榄镇人民政府", "广东省", "中山市", "", T, GOV),
    ("北京市朝阳区建外街道办事处", "北京市", "", "朝阳区", T, GOV),
    ("正定县正定镇人民政府", "河北省", "石家庄市", "正定县", T, GOV),
    ("涞水县三坡镇人民政府", "河北省", "保定市", "涞水县", T, GOV),
    ("昆山市周庄镇人民政府", "江苏省", "苏州市", "昆山市", T, GOV),
    ("杭州市西湖区北山街道办事处", "浙江省", "杭州市", "西湖区", T, GOV),
    ("深圳市龙岗区布吉街道办事处", "广东省", "深圳市", "龙岗区", T, GOV),
    ("准格尔旗薛家湾镇人民政府", "内蒙古自治区", "鄂尔多斯市", "准格尔旗", T, GOV),
    ("瑞安市塘下镇财政所", "浙江省", "温州市", "瑞安市", T, DEPT),
    ("阳朔县白沙镇政府", "广西壮族自治区", "桂林市", "阳朔县", T, GOV),
    ("凤凰县沱江镇人民政府办公室", "湖南省", "湘西土家族苗族自治州", "凤凰县", T, GOV),
    ("城口县葛城街道办事处", "重庆市", "", "城口县", T, GOV),
    ("保定市竞秀区颐和街道办事处", "河北省", "保定市", "竞秀区", T, GOV),
    ("北京市东城区人民政府东华门街道办事处", "北京市", "", "东城区", T, GOV),
    ("上海市浦东新区张江镇人民政府", "上海市", "", "浦东新区", T, GOV),
    ("大竹县川主乡财政所", "四川省", "达州市", "大竹县", T, DEPT),
    # development zones and new areas: parent's place, the zone kept by name
    ("保定高新区管委会", "河北省", "保定市", "保定高新区", X, GOV),
    ("保定市高新区财政局", "河北省", "保定市", "高新区", X, DEPT),
    ("苏州工业园区管理委员会", "江苏省", "苏州市", "苏州工业园区", X, GOV),
    ("成都高新技术产业开发区管理委员会", "四川省", "成都市", "成都高新技术产业开发区", X, GOV),
    ("西安高新技术产业开发区管理委员会", "陕西省", "西安市", "西安高新技术产业开发区", X, GOV),
    ("郑州经济技术开发区管理委员会", "河南省", "郑州市", "郑州经济技术开发区", X, GOV),
    ("重庆两江新区管理委员会", "重庆市", "", "重庆两江新区", X, GOV),
    ("天津经济技术开发区管理委员会", "天津市", "", "天津经济技术开发区", X, GOV),
    ("北京经济技术开发区管理委员会", "北京市", "", "北京经济技术开发区", X, GOV),
    ("河北雄安新区管理委员会", "河北省", "河北雄安新区", "", S, GOV),
    ("涞水县经济开发区管理委员会", "河北省", "保定市", "涞水县", T, GOV),
    # traditional characters, spacing, brackets, trailing report titles
    ("撫遠市自然資源局", "黑龙江省", "佳木斯市", "抚远市", X, DEPT),
    ("廣東省人民政府", "广东省", "", "", P, GOV),
    ("國家稅務總局", "", "", "", C, DEPT),
    ("乾安縣人民政府", "吉林省", "松原市", "乾安县", X, GOV),
    ("保定市 行政审批局", "河北省", "保定市", "", S, DEPT),
    ("保定市行政审批局2024年政府信息公开工作年度报告", "河北省", "保定市", "", S, DEPT),
    ("淮安市洪泽区人民政府(本级)", "江苏省", "淮安市", "洪泽区", X, GOV),
]


def test_table_is_large_and_spans_the_country():
    assert len(NAMES) >= 150
    provinces = {row[1] for row in NAMES if row[1]}
    assert len(provinces) >= 30
    assert {row[4] for row in NAMES} == set(LEVELS)
    assert len({row[0] for row in NAMES}) == len(NAMES)


@pytest.mark.parametrize(("name", "province", "city", "county", "level", "kind"), NAMES)
def test_resolve_place(name, province, city, county, level, kind):
    r = resolve_place(name)
    assert (r.province, r.city, r.county, r.level, r.kind) == (province, city, county, level, kind)
    assert not r.ambiguous
    assert r.level in LEVELS
    assert r.kind in KINDS
    if level == C:
        assert r.adcode is None
    else:
        assert r.adcode is not None
        assert len(r.adcode) == 6
        assert r.adcode.isdigit()


@pytest.mark.parametrize(
    ("name", "adcode"),
    [
        ("淮安市洪泽区人民政府", "320813"),
        ("抚远市自然资源局", "230883"),
        ("保定市行政审批局", "130600"),
        ("大竹县川主乡人民政府", "511724"),
        ("北京市朝阳区人民政府", "110105"),
        ("河北省人民政府", "130000"),
        ("延边州教育局", "222400"),
        ("保定高新区管委会", "130600"),  # a zone carries its parent's code
        ("济南市莱芜区人民政府", "370100"),  # a county newer than the table: its parent's
    ],
)
def test_adcode(name, adcode):
    assert resolve_place(name).adcode == adcode


@pytest.mark.parametrize(
    ("name", "is_office"),
    [
        ("河北省人民政府办公厅", True),
        ("江苏省政府办公厅", True),
        ("苏州市人民政府办公室", True),
        ("淮安市洪泽区政府办", True),
        ("湖南省桃江县人民政府办公室", True),
        ("阿里地区行政公署办公室", True),
        ("凤凰县沱江镇人民政府办公室", True),
        ("苏州工业园区管委会办公室", True),
        ("河北省人民政府", False),
        ("河北省教育厅", False),
        ("苏州市教育局办公室", False),
        ("国务院办公厅", False),
    ],
)
def test_office_on_behalf(name, is_office):
    r = resolve_place(name)
    assert r.is_office_on_behalf is is_office
    if is_office:
        assert r.kind == GOV


def test_township_and_zone_fields():
    r = resolve_place("大竹县川主乡人民政府")
    assert (r.township, r.zone) == ("川主乡", "")
    r = resolve_place("潜江市周矶街道办事处")
    assert r.township == "周矶街道"
    r = resolve_place("苏州工业园区管理委员会")
    assert (r.zone, r.township) == ("苏州工业园区", "")
    assert "development zone" in r.reason


def test_department_words_are_not_townships():
    for name in (
        "大竹县住房和城乡建设局",
        "大竹县乡村振兴局",
        "保定市城乡规划局",
        "大竹县美丽乡村建设中心",
        "大竹县乡镇企业局",
        "北京市人民政府外事办公室",
        "保定市农产品批发市场服务中心",
        "保定市城市管理综合行政执法局",
    ):
        r = resolve_place(name)
        assert r.township == ""
        assert r.kind == DEPT
    assert resolve_place("大竹县住房和城乡建设局").level == X
    assert resolve_place("保定市城乡规划局").level == S
    assert resolve_place("保定市农产品批发市场服务中心").county == ""


def test_county_stem_needs_a_suffix():
    # 公安县 is a county of 荆州; 公安局 / 公安部 must not land there
    assert resolve_place("荆州市公安局").county == ""
    assert resolve_place("公安部").level == C
    assert resolve_place("荆州市公安县公安局").county == "公安县"


def test_renamed_county_keeps_name_as_written():
    r = resolve_place("重庆市梁平区人民政府")
    assert r.county == "梁平区"
    table_name = division_index().by_code[r.adcode].name
    assert table_name in ("梁平县", "梁平区")


# ---- ambiguity -------------------------------------------------------------------------


def test_ambiguous_county_without_hints():
    r = resolve_place("朝阳区人民政府")
    assert r.ambiguous
    assert r.candidates == ("110105", "220104")
    assert r.adcode is None
    assert (r.province, r.city, r.county) == ("", "", "朝阳区")
    assert (r.level, r.kind) == (X, GOV)


@pytest.mark.parametrize(
    ("name", "hints", "adcode", "province", "city"),
    [
        ("朝阳区人民政府", ("北京市",), "110105", "北京市", ""),
        ("朝阳区人民政府", ("reports/吉林省/长春市/2023",), "220104", "吉林省", "长春市"),
        ("鼓楼区人民政府", ("江苏省", "南京市"), "320106", "江苏省", "南京市"),
        (
            "鼓楼区财政局",
            ("福州市鼓楼区财政局2023年政府信息公开工作年度报告。福建省",),
            "350102",
            "福建省",
            "福州市",
        ),
        ("通州区人民政府", ("南通",), "320612", "江苏省", "南通市"),
        ("普陀区人民政府", ("舟山",), "330903", "浙江省", "舟山市"),
        ("城关区人民政府", ("西藏自治区拉萨市",), "540102", "西藏自治区", "拉萨市"),
        ("西湖区教育局", ("浙江省",), "330106", "浙江省", "杭州市"),
        ("西湖区教育局", ("江西",), "360103", "江西省", "南昌市"),
        ("朝陽區人民政府", ("北京",), "110105", "北京市", ""),
    ],
)
def test_hints_decide(name, hints, adcode, province, city):
    r = resolve_place(name, hints)
    assert not r.ambiguous
    assert r.adcode == adcode
    assert (r.province, r.city) == (province, city)
    assert "hints" in r.reason


def test_a_shared_prefecture_outweighs_a_shared_province():
    r = resolve_place("鼓楼区人民政府", ("福州市人民政府网站", "江苏"))
    assert (r.adcode, r.city) == ("350102", "福州市")


def test_report_text_as_hint():
    text = "保定市行政审批局2024年政府信息公开工作年度报告……河北省……保定市" * 20
    r = resolve_place("新华区人民政府", (text,))
    # 石家庄 and 沧州 both have a 新华区 in 河北; 平顶山's (河南) drops out
    assert r.ambiguous
    assert r.candidates == ("130105", "130902")
    assert r.province == "河北省"


def test_hints_decide_a_central_organs_branch():
    r = resolve_place("国家税务总局朝阳区税务局", ("北京市",))
    assert (r.province, r.county, r.level, r.kind) == ("北京市", "朝阳区", X, DEPT)
    assert resolve_place("国家税务总局朝阳区税务局").ambiguous


def test_hints_narrow_but_do_not_decide():
    r = resolve_place("鼓楼区人民政府", ("江苏省",))
    assert r.ambiguous
    assert r.candidates == ("320106", "320302")  # 南京 and 徐州 both have a 鼓楼区
    assert r.province == "江苏省"
    assert r.city == ""


def test_hints_that_say_nothing_leave_all_candidates():
    r = resolve_place("鼓楼区人民政府", ("annual report 2023",))
    assert r.ambiguous
    assert r.candidates == ("320106", "320302", "350102", "410204")


def test_hints_do_not_override_a_unique_name():
    r = resolve_place("保定市行政审批局", ("四川省",))
    assert (r.province, r.city) == ("河北省", "保定市")


def test_name_with_its_city_needs_no_hints():
    r = resolve_place("长春市朝阳区人民政府")
    assert not r.ambiguous
    assert r.adcode == "220104"


# ---- names without a place ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "hints", "expected"),
    [
        ("省政府办公厅", ("河北省",), ("河北省", "", "", P, GOV, True)),
        ("市教育局", ("data/河北省/保定市",), ("河北省", "保定市", "", S, DEPT, False)),
        ("县财政局", ("四川省达州市大竹县",), ("四川省", "达州市", "大竹县", X, DEPT, False)),
        ("区人民政府", ("北京市朝阳区",), ("北京市", "", "朝阳区", X, GOV, False)),
        ("市人民政府", ("北京市",), ("北京市", "", "", P, GOV, False)),
        (
            "川主乡人民政府",
            ("四川省/达州市/大竹县",),
            ("四川省", "达州市", "大竹县", T, GOV, False),
        ),
        ("县财政局", ("河北省",), ("河北省", "", "", X, DEPT, False)),
        ("教育局", ("河北省保定市",), ("河北省", "保定市", "", S, DEPT, False)),
    ],
)
def test_place_from_hints(name, hints, expected):
    r = resolve_place(name, hints)
    got = (r.province, r.city, r.county, r.level, r.kind, r.is_office_on_behalf)
    assert got == expected
    assert "hints" in r.reason


def test_no_place_anywhere():
    r = resolve_place("省政府办公厅")
    assert (r.province, r.adcode, r.level, r.kind) == ("", None, P, GOV)
    assert r.is_office_on_behalf
    r = resolve_place("教育局")
    assert (r.level, r.kind, r.adcode) == ("", DEPT, None)
    assert "no place" in r.reason


def test_generic_words_are_not_tiers():
    # 市场监督管理局 starts with 市 but is not "the city's" anything
    r = resolve_place("市场监督管理局", ("河北省保定市",))
    assert (r.province, r.city, r.level) == ("河北省", "保定市", S)


# ---- contract and speed ------------------------------------------------------------------


def test_result_is_frozen_and_hashable():
    r = resolve_place("保定市行政审批局")
    assert isinstance(r, PlaceResult)
    with pytest.raises(AttributeError):
        r.province = "x"  # type: ignore[misc]
    assert hash(r) == hash(resolve_place("保定市行政审批局"))


def test_levels_and_kinds_come_from_the_template():
    for row in NAMES:
        r = resolve_place(row[0])
        assert r.level in LEVELS
        assert r.kind in KINDS


def test_every_county_in_the_table_resolves_to_itself():
    idx = division_index()
    checked = 0
    for d in idx.by_code.values():
        if idx.is_placeholder(d.adcode) or len(d.name) < 2:
            continue
        province, city = idx.ancestors(d)
        if province is None or d.adcode[2:] == "0000":
            continue
        prefix = city.name if city else province.name
        r = resolve_place(prefix + d.name + "财政局")
        assert r.adcode == d.adcode, d
        assert r.kind == DEPT
        checked += 1
    assert checked > 3000


@pytest.mark.parametrize(
    ("name", "county", "township", "level", "kind"),
    [
        ("保定市清苑区阳城镇人民政府", "清苑区", "阳城镇", "乡镇街道", "人民政府"),
        ("定兴县固城镇人民政府", "定兴县", "固城镇", "乡镇街道", "人民政府"),
        ("保定市公安局竞秀区分局", "竞秀区", "", "县级", "部门"),
        ("保定市住房和城乡建设局", "", "", "市级", "部门"),
    ],
)
def test_towns_named_x_cheng_zhen_and_county_branches(name, county, township, level, kind):
    r = resolve_place(name)
    assert (r.county, r.township, r.level, r.kind) == (county, township, level, kind)
