"""Name pools for the demo school: invented pupils from the backgrounds of an English town.

Forenames and surnames are drawn separately and combined at random, so no pupil or carer is
a real person. Each community's forenames go with its own surnames (a Sikh forename with a
Sikh family name, a Yoruba one with a Yoruba name), and the pools are wide enough that few
pupils share a full name. The pools keep the spellings an MIS holds: diacritics,
apostrophes, hyphens, and a few names recorded in Cyrillic script.
"""

from __future__ import annotations

from dataclasses import dataclass


def _pool(text: str) -> tuple[str, ...]:
    """Names written as comma-separated text, so that a name may hold a space."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


@dataclass(frozen=True, slots=True)
class Background:
    """Names common in one community, with the share of the roll it makes up."""

    key: str
    weight: float
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    surnames: tuple[str, ...]
    female_surnames: dict[str, str] | None = None
    women: tuple[str, ...] = ()
    men: tuple[str, ...] = ()

    def forenames(self, gender: str) -> tuple[str, ...]:
        """Forenames for a pupil of this gender."""
        return self.girls if gender == "F" else self.boys

    def adult_forenames(self, gender: str) -> tuple[str, ...]:
        """Forenames for a parent/carer: the adults' own pool where the children's would jar."""
        if gender == "F":
            return self.women or self.girls
        return self.men or self.boys

    def surname_for(self, surname: str, gender: str, *, double_barrelled: bool = False) -> str:
        """Polish, Irish and Russian surnames take a feminine form for girls and women.

        Kaur and Begum are names that only women hold rather than forms of a surname: they
        stand in for a surname on its own, never for one half of a double-barrelled one.
        """
        if gender != "F" or not self.female_surnames:
            return surname
        feminine = self.female_surnames.get(surname, surname)
        if double_barrelled and feminine in WOMENS_NAMES:
            return surname
        return feminine


WOMENS_NAMES = frozenset({"Kaur", "Begum"})


def _polish_feminine(surnames: tuple[str, ...]) -> dict[str, str]:
    """Kowalski → Kowalska, Wysocki → Wysocka; Nowak and Mazur stay as they are."""
    return {name: name[:-1] + "a" for name in surnames if name.endswith(("ski", "cki", "dzki"))}


POLISH_SURNAMES = _pool(
    "Łukasiewicz, Nowak, Kowalski, Wiśniewski, Wójcik, Kamiński, Zieliński, Szymański, "
    "Woźniak, Dąbrowski, Kozłowski, Mazur, Lewandowski, Wróbel, Kaczmarek, Piotrowski, "
    "Grabowski, Pawłowski, Michalski, Jankowski, Zając, Król, Wieczorek, Jabłoński, "
    "Majewski, Olszewski, Krawczyk, Adamczyk, Dudek, Stępień, Górski, Sikora, Baran, "
    "Wysocki, Zawadzki, Michalak"
)

BACKGROUNDS: tuple[Background, ...] = (
    Background(
        "british",
        0.46,
        girls=_pool(
            "Amelia, Olivia, Isla, Ava, Mia, Ivy, Lily, Freya, Grace, Evie, Poppy, Sophie, "
            "Ella, Daisy, Zoë, Chloë, Phoebe, Matilda, Ruby, Harriet, Eleanor, Rosie, Jessica, "
            "Millie, Holly, Imogen, Megan, Charlotte, Lucy, Bethany, Kayleigh, Abigail, "
            "Scarlett, Erin, Emily, Isabelle, Hannah, Amber, Lola, Maisie, Jasmine, Lacey, "
            "Summer, Willow, Esme, Florence, Elsie, Martha, Georgia, Katie, Leah, Paige, "
            "Caitlin, Courtney, Eloise, Beatrice, Alice, Heidi, Layla, Faith, Lexi, Tilly, "
            "Molly, Libby, Madison, Neve, Rebecca, Amy"
        ),
        boys=_pool(
            "Oliver, George, Harry, Noah, Jack, Leo, Arthur, Oscar, Charlie, Freddie, Alfie, "
            "Theo, Henry, Archie, Joshua, Thomas, William, James, Samuel, Jacob, Max, Reuben, "
            "Ethan, Callum, Lewis, Connor, Kieran, Tyler, Jamie, Dylan, Finley, Toby, Ellis, "
            "Harvey, Daniel, Benjamin, Alexander, Luke, Matthew, Ryan, Liam, Mason, Logan, "
            "Riley, Jake, Bradley, Owen, Edward, Louis, Sebastian, Elliot, Frankie, Stanley, "
            "Albert, Ronnie, Tommy, Jenson, Rory, Isaac, Zachary, Aaron, Kai, Morgan, Nathan, "
            "Cameron, Joe"
        ),
        surnames=_pool(
            "Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Robinson, Wright, "
            "Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, "
            "Hughes, Edwards, Turner, Cooper, Harrison, Ward, Morris, Baker, Price, Bennett, "
            "Griffiths, Lloyd, Marsh, Fairclough, Pemberton, Ashworth, Hollis, Stanton, "
            "Whitlock, Bramley, Cartwright, Dunmore, Fenwick, Garside, Hebden, Kettley, "
            "Moore, Martin, Harris, Young, King, Hill, Scott, Mitchell, Carter, Phillips, "
            "Parker, Collins, Watson, Bell, Cook, Richardson, Cox, Howard, Shaw, Holmes, "
            "Chapman, Hunt, Rogers, Atkinson, Barker, Butler, Dixon, Fletcher, Gibson, Hayes, "
            "Kemp, Lawrence, Mills, Nicholls, Palmer, Pearson, Poole, Rowe, Sutton, Tucker, "
            "Webb, Wells, Yates, Brooks, Chambers, Dawson, Foster, Gregory, Hartley, Heywood, "
            "Holt, Hopkins, Jenkins, Knowles, Lambert, Marshall, Newton, Parsons, Rhodes, "
            "Saunders, Sharpe, Simpson, Spencer, Stevens, Townsend, Warburton, Whitehead, "
            "Barlow, Booth, Crossley, Ormerod, Sutcliffe, Greenwood, Haworth, Ingham, Lomax, "
            "Pilling, Entwistle, Kershaw, Nuttall, Rawlinson, Tattersall, Crabtree, Ackroyd"
        ),
        women=_pool(
            "Sarah, Claire, Emma, Rachel, Lisa, Michelle, Nicola, Joanne, Kelly, Gemma, "
            "Donna, Leanne, Stacey, Kirsty, Helen, Louise, Victoria, Laura, Natalie, Samantha, "
            "Hayley, Zoe, Jenny, Amanda"
        ),
        men=_pool(
            "Mark, Paul, Darren, Lee, Craig, Stuart, Gareth, Richard, Andrew, Neil, Wayne, "
            "Dean, Jason, Carl, Ian, Martin, Steven, Simon, Matthew, Christopher, Adam, "
            "Jonathan, Scott, Gavin"
        ),
    ),
    Background(
        "irish",
        0.03,
        girls=_pool(
            "Siobhán, Aoife, Niamh, Saoirse, Róisín, Ciara, Orla, Caoimhe, Clodagh, Sinéad, "
            "Éabha, Aisling, Méabh, Gráinne, Ailbhe, Clíodhna, Nóra, Síofra, Aoibhinn, Eimear"
        ),
        boys=_pool(
            "Seán, Ciarán, Oisín, Cian, Darragh, Pádraig, Eoin, Rónán, Cathal, Tadhg, Fionn, "
            "Conor, Diarmuid, Colm, Donncha, Senan, Cillian, Rían, Odhrán, Tiernan"
        ),
        surnames=_pool(
            "O'Brien, O'Sullivan, Murphy, Kelly, O'Connor, Byrne, McCarthy, Ó Súilleabháin, "
            "Gallagher, Doyle, O'Neill, Fitzgerald, Ó Briain, Walsh, Ryan, Brennan, Quinn, "
            "McLaughlin, Kavanagh, Dunne, Nolan, Keane, Ó Ceallaigh, Donnelly, Duffy, "
            "Hegarty, Flanagan, Moran"
        ),
        female_surnames={
            "Ó Súilleabháin": "Ní Shúilleabháin",
            "Ó Briain": "Ní Bhriain",
            "Ó Ceallaigh": "Ní Cheallaigh",
        },
        women=_pool(
            "Mary, Bernadette, Siobhán, Deirdre, Fiona, Sinéad, Aoife, Claire, Niamh, "
            "Maeve, Gráinne, Orla"
        ),
        men=_pool(
            "Declan, Ciarán, Seán, Brendan, Kevin, Pádraig, Dermot, Colm, Éamon, Niall, "
            "Fergal, Cormac"
        ),
    ),
    Background(
        "south_asian_muslim",
        0.10,
        girls=_pool(
            "Aisha, Fatima, Zara, Maryam, Amira, Hafsa, Noor, Inaya, Sana, Nusrat, Tahmina, "
            "Khadija, Zainab, Laiba, Aleena, Hana, Iqra, Sumaiya, Anaya, Eman, Hira, Safa, "
            "Rumaysa, Aleeza, Mahnoor, Tasnim, Sadia, Jannat, Areeba, Habiba, Samira, Yasmin, "
            "Ruqayyah, Amna, Alisha, Hiba, Sidra, Humaira, Nafisa, Tanzila, Farhana, Lamiya"
        ),
        boys=_pool(
            "Muhammad, Ibrahim, Yusuf, Ayaan, Zayn, Hamza, Rayyan, Imran, Tanvir, Rahim, "
            "Bilal, Haroon, Sufyan, Ismail, Musa, Umar, Zakariya, Adam, Abdullah, Idris, "
            "Yahya, Saif, Hassan, Arham, Faris, Tariq, Mikail, Rehan, Danyal, Ahmad, Usman, "
            "Aariz, Mustafa, Shayan, Talha, Junaid, Saad, Raihan, Tahmid, Nabil, Arif, Ehsan"
        ),
        surnames=_pool(
            "Khan, Ahmed, Hussain, Ali, Iqbal, Rahman, Akhtar, Mahmood, Choudhury, Uddin, "
            "Islam, Javed, Siddiqui, Rashid, Miah, Butt, Malik, Mirza, Qureshi, Sheikh, "
            "Anwar, Raza, Nawaz, Hoque, Karim, Aziz, Bashir, Hanif, Shafiq, Yousaf, Zaman, "
            "Hossain, Alam, Sarwar, Latif, Riaz, Saleem"
        ),
        female_surnames={"Uddin": "Begum"},
        women=_pool(
            "Nasreen, Shazia, Rubina, Farzana, Shabana, Parveen, Nazia, Samina, Rukhsana, "
            "Shahida, Razia, Salma, Asma, Sabina, Runa, Shirin"
        ),
        men=_pool(
            "Tariq, Shahid, Asif, Khalid, Zahid, Abdul, Nadeem, Shakeel, Arshad, Amjad, "
            "Mohammed, Jamal, Kamal, Rafiq, Sajid, Mushtaq"
        ),
    ),
    Background(
        "south_asian_sikh",
        0.03,
        girls=_pool(
            "Simran, Harleen, Jasmeet, Manpreet, Gurleen, Navneet, Jaspreet, Harpreet, "
            "Prabhleen, Gurnoor, Jasleen, Mehar, Sukhmani, Ishleen, Avneet, Kiran, Harnoor, "
            "Jasnoor, Sehaj, Gurkiran, Arshpreet, Anmol, Harsimran, Ravneet, Inderpreet"
        ),
        boys=_pool(
            "Harjit, Gurpreet, Amrit, Jaspal, Arjan, Gurveer, Jaskaran, Manveer, Rajveer, "
            "Sukhdeep, Karanvir, Navdeep, Tejveer, Ekam, Fateh, Jasraj, Gurjot, Simranjit, "
            "Jagdeep, Harman, Parambir, Angad, Sahib, Jovan, Hardeep"
        ),
        surnames=_pool(
            "Singh, Sandhu, Gill, Bains, Dhillon, Sidhu, Grewal, Johal, Kang, Atwal, Sangha, "
            "Bhogal, Rai, Virdi, Randhawa, Dhaliwal, Sohal, Mann, Chahal, Hayer, Kalsi, Bassi, "
            "Takhar"
        ),
        female_surnames={"Singh": "Kaur"},
        women=_pool(
            "Rajinder, Harjinder, Sukhvinder, Parminder, Kulwinder, Balwinder, Manjit, "
            "Jasvir, Kamaljit, Gurmit, Rupinder, Amandeep"
        ),
        men=_pool(
            "Jaswinder, Gurdeep, Sukhdev, Kuldip, Baljit, Satnam, Mandeep, Gurmeet, "
            "Balvinder, Harbhajan, Tejinder, Ranjit"
        ),
    ),
    Background(
        "south_asian_hindu",
        0.04,
        girls=_pool(
            "Priya, Ananya, Ishita, Anjali, Diya, Riya, Aanya, Kavya, Saanvi, Tara, Meera, "
            "Pooja, Nisha, Krisha, Avni, Janvi, Shreya, Isha, Navya, Aditi, Khushi, Divya, "
            "Asha, Radhika, Sneha, Trisha, Mahi, Jiya, Aarohi, Prisha, Dhruvi, Roshni"
        ),
        boys=_pool(
            "Arjun, Rohan, Aarav, Vikram, Dev, Krish, Vihaan, Reyansh, Aryan, Ishaan, Rahul, "
            "Nikhil, Jay, Dhruv, Arnav, Yash, Harsh, Kunal, Sahil, Ved, Rishi, Om, Kabir, "
            "Rohit, Neel, Shiv, Aditya, Pranav, Veer, Advait, Hari, Karan"
        ),
        surnames=_pool(
            "Patel, Shah, Sharma, Mistry, Chauhan, Parmar, Joshi, Mehta, Desai, Lad, Solanki, "
            "Chavda, Modi, Pandya, Thakkar, Gupta, Verma, Rana, Bhatt, Trivedi, Naik, "
            "Kotecha, Lakhani, Raval, Vyas, Dave, Tailor, Vaghela, Gohil, Makwana, Kapoor, "
            "Malhotra"
        ),
        women=_pool(
            "Nita, Hema, Bhavna, Kalpana, Rekha, Sunita, Meena, Jyoti, Rupal, Hetal, "
            "Dipika, Falguni, Mita, Anita, Shilpa, Kajal"
        ),
        men=_pool(
            "Rajesh, Sanjay, Mahesh, Ashok, Nilesh, Hitesh, Dinesh, Ketan, Manish, Paresh, "
            "Vijay, Sunil, Mukesh, Jayesh, Anil, Kamlesh"
        ),
    ),
    Background(
        "polish",
        0.05,
        girls=_pool(
            "Zofia, Małgorzata, Agnieszka, Julia, Wiktoria, Zuzanna, Łucja, Hanna, Maja, "
            "Lena, Alicja, Oliwia, Natalia, Gabriela, Aleksandra, Maria, Pola, Nikola, Kinga, "
            "Weronika, Martyna, Karolina, Milena, Klaudia"
        ),
        boys=_pool(
            "Jakub, Mateusz, Kacper, Łukasz, Wojciech, Szymon, Michał, Antoni, Filip, Jan, "
            "Aleksander, Franciszek, Bartosz, Dawid, Piotr, Paweł, Kamil, Igor, Dominik, "
            "Adrian, Krzysztof, Tomasz, Maciej, Oskar"
        ),
        surnames=POLISH_SURNAMES,
        female_surnames=_polish_feminine(POLISH_SURNAMES),
        women=_pool(
            "Agnieszka, Katarzyna, Magdalena, Anna, Joanna, Monika, Ewa, Justyna, Beata, "
            "Marta, Dorota, Iwona"
        ),
        men=_pool(
            "Tomasz, Marcin, Piotr, Krzysztof, Paweł, Grzegorz, Marek, Rafał, Dariusz, "
            "Andrzej, Sławomir, Robert"
        ),
    ),
    Background(
        "romanian",
        0.04,
        girls=_pool(
            "Ioana, Andreea, Bianca, Ştefania, Alexandra, Mădălina, Irina, Maria, Elena, "
            "Daria, Sofia, Ana, Antonia, Denisa, Larisa, Raluca, Cristina, Gabriela, Teodora, "
            "Alina, Roxana, Iulia"
        ),
        boys=_pool(
            "Ştefan, Andrei, Mihai, Ionuţ, Alexandru, Răzvan, Cătălin, David, Gabriel, Luca, "
            "Matei, Darius, Vlad, Sebastian, Cristian, Florin, Bogdan, Adrian, Tudor, Robert, "
            "Eduard, Marius"
        ),
        surnames=_pool(
            "Bălan, Popescu, Ionescu, Dumitru, Stan, Constantin, Munteanu, Răducanu, "
            "Ţurcanu, Moldovan, Vasilescu, Lupaşcu, Popa, Radu, Stoica, Georgescu, Marin, "
            "Florea, Nistor, Dobre, Barbu, Neagu, Ene, Lungu, Ciobanu, Rusu, Toma, Sârbu, "
            "Mocanu"
        ),
        women=_pool(
            "Mihaela, Daniela, Elena, Gabriela, Florentina, Monica, Adriana, Simona, "
            "Nicoleta, Carmen"
        ),
        men=_pool(
            "Ion, Gheorghe, Constantin, Marian, Florin, Cristian, Dănuţ, Vasile, Ionel, Costel"
        ),
    ),
    Background(
        "nigerian_yoruba",
        0.02,
        girls=_pool(
            "Folasade, Oluwaseun, Temitope, Ayomide, Damilola, Titilayo, Adunni, Morenike, "
            "Omolara, Oluwatoyin, Bolanle, Ifeoluwa, Eniola, Oyinkansola, Tolulope, Yetunde, "
            "Abimbola, Opeyemi"
        ),
        boys=_pool(
            "Oluwadamilare, Ayodele, Tunde, Babatunde, Olumide, Adewale, Femi, Oluwatobi, "
            "Ayomikun, Kayode, Segun, Dapo, Tayo, Gbenga, Jide, Olamide, Ademola, Tobiloba"
        ),
        surnames=_pool(
            "Adeyemi, Balogun, Adebayo, Ogunleye, Oyelaran, Afolabi, Ogunbanjo, Adeleke, "
            "Olaniyan, Bakare, Oladipo, Ogundipe, Akinola, Olatunji, Fashola, Adesanya, "
            "Oyewole, Ajayi"
        ),
        women=_pool("Funmilayo, Folake, Bukola, Yewande, Adenike, Kemi, Bisi, Toyin"),
        men=_pool("Olusegun, Kunle, Wale, Biodun, Rotimi, Dele, Tunji, Yinka"),
    ),
    Background(
        "nigerian_igbo",
        0.02,
        girls=_pool(
            "Chiamaka, Adaeze, Ngozi, Ifeoma, Chidinma, Nneka, Amarachi, Ogechi, Ebere, "
            "Uchechi, Kosisochukwu, Chinwe, Nkechi, Ijeoma, Ozioma, Adanna, Chisom, Munachi"
        ),
        boys=_pool(
            "Chinedu, Emeka, Tobenna, Obinna, Chidi, Ikenna, Nnamdi, Chukwuemeka, Ebuka, "
            "Kelechi, Uchenna, Chibuike, Ifeanyi, Chijioke, Kamsi, Ugochukwu, Chiedozie, "
            "Ekene"
        ),
        surnames=_pool(
            "Okafor, Okonkwo, Eze, Nwosu, Chukwu, Ibekwe, Nwachukwu, Okeke, Obi, Anyanwu, "
            "Okoro, Udeh, Nwankwo, Igwe, Okoye, Onuoha, Ugwu, Agu"
        ),
        women=_pool("Ngozi, Chioma, Nkiru, Uju, Obiageli, Chinyere, Adaku, Ifeoma"),
        men=_pool("Chukwudi, Emeka, Nnamdi, Obiora, Uche, Ikechukwu, Chinedu, Okechukwu"),
    ),
    Background(
        "somali",
        0.03,
        girls=_pool(
            "Hodan, Ayaan, Sagal, Nasra, Ifrah, Hibo, Fadumo, Ikran, Hamdi, Sahra, Ubah, "
            "Nimco, Hanan, Sumaya, Muna, Yasmin, Ilhan, Najma"
        ),
        boys=_pool(
            "Abdirahman, Mahad, Abdullahi, Liban, Guled, Ilyas, Mustafe, Abdirizak, Hamse, "
            "Mohamed, Zakariye, Yusuf, Bashir, Khalid, Abdiaziz, Hamza, Said, Abdikarim"
        ),
        surnames=_pool(
            "Abdi, Farah, Warsame, Osman, Jama, Hassan, Nur, Ismail, Mohamud, Ali, Aden, "
            "Elmi, Hersi, Duale, Egal, Omar, Ahmed, Yusuf, Abdullahi, Warfa"
        ),
        women=_pool("Amina, Khadra, Hawa, Sahra, Maryan, Deeqa, Asha, Safiya"),
        men=_pool("Mohamed, Abdi, Ahmed, Hassan, Abdikadir, Omar, Ali, Yasin"),
    ),
    Background(
        "caribbean",
        0.04,
        girls=_pool(
            "Shanice, Kiara, Tanisha, Jada, Aaliyah, Shantelle, Nia, Amara, Imani, Tia, "
            "Shania, Naomi, Destiny, Renée, Kayla, Ashanti, Makayla, Esther, Serena, Taliyah"
        ),
        boys=_pool(
            "Jermaine, Tyrone, Marlon, Kemar, Dwayne, Jaheim, Leon, Malachi, Isaiah, Josiah, "
            "Elijah, Tyrese, Kyrie, Andre, Nathaniel, Romario, Deshawn, Jahmal, Omari, Jamal"
        ),
        surnames=_pool(
            "Campbell, Clarke, Francis, Bailey, Gayle, Grant, Reid, Henry, Forbes, McKenzie, "
            "Thompson, Barrett, Brown, Williams, Powell, Gordon, Samuels, Stewart, Richards, "
            "Walters, Spence, Anderson, Blake, Dennis, Hylton, Wint, Ricketts, Nelson, "
            "Salmon, Bryan"
        ),
        women=_pool(
            "Marcia, Sonia, Paulette, Claudette, Donna, Sandra, Jacqueline, Beverley, "
            "Andrea, Natalie"
        ),
        men=_pool("Delroy, Winston, Clive, Errol, Marlon, Dwayne, Everton, Lloyd, Garfield, Devon"),
    ),
    Background(
        "vietnamese",
        0.015,
        girls=_pool(
            "Thị Ánh, Ngọc Lan, Thu Hà, Minh Thư, Bảo Ngọc, Thị Hương, Khánh Linh, "
            "Ngọc Anh, Thảo Vy, Phương Anh, Mai Anh, Thanh Hằng, Hoài An, Gia Hân"
        ),
        boys=_pool(
            "Văn Đức, Minh Khôi, Quốc Bảo, Gia Huy, Đức Anh, Văn Hùng, Minh Quân, "
            "Hoàng Long, Tuấn Kiệt, Thành Đạt, Quang Minh, Hữu Phúc, Bảo Nam, Nhật Minh"
        ),
        surnames=_pool(
            "Nguyễn, Trần, Lê, Phạm, Hoàng, Võ, Đặng, Huỳnh, Phan, Vũ, Bùi, Đỗ, Ngô, Dương"
        ),
    ),
    Background(
        "chinese_mandarin",
        0.012,
        girls=_pool(
            "Mei, Xinyi, Yuxuan, Jiayi, Yutong, Zixuan, Ruoxi, Shiyu, Yiran, Xiaoyu, "
            "Mengyao, Siqi, Ziyi, Wanting"
        ),
        boys=_pool(
            "Wei, Haoran, Zihan, Junjie, Yichen, Zimo, Hao, Yuchen, Jiahao, Zhiyuan, Tianyu, "
            "Mingze, Boyu, Ziyang"
        ),
        surnames=_pool(
            "Wang, Li, Zhang, Chen, Liu, Zhou, Yang, Huang, Zhao, Wu, Xu, Sun, Ma, Zhu, Hu, Guo"
        ),
        women=_pool("Jing, Yan, Hong, Xia, Min, Ying, Fang, Hui"),
        men=_pool("Jun, Gang, Qiang, Bin, Tao, Lei, Feng, Jian"),
    ),
    Background(
        "chinese_cantonese",
        0.008,
        girls=_pool(
            "Wing Yan, Hoi Ying, Hiu Tung, Tsz Ching, Wing Sze, Ka Yan, Sze Wing, Hoi Lam, "
            "Pui Yee, Cheuk Yiu, Man Yee, Yan Ting"
        ),
        boys=_pool(
            "Ka Ho, Chun Hei, Tsz Hin, Ho Yin, Chi Hang, Wai Lok, Ka Chun, Pak Hei, Ho Lam, "
            "Cheuk Hin, Hin Lok, Tsz Lok"
        ),
        surnames=_pool(
            "Wong, Cheung, Lam, Chan, Leung, Ng, Ho, Chow, Lau, Tsang, Yip, Kwok, Tang, Mak, "
            "Fung, Yeung"
        ),
    ),
    Background(
        "turkish",
        0.02,
        girls=_pool(
            "Elif, Zeynep, Ayşe, Büşra, Defne, Ecrin, Eylül, Azra, Nehir, Asel, Ela, Meryem, "
            "Duru, İrem, Beren, Melek, Yağmur, Zehra"
        ),
        boys=_pool(
            "Yusuf, Emir, Çağan, Mert, Kerem, Barış, Eymen, Ömer, Mustafa, Aras, Alp, Efe, "
            "Arda, Burak, Kaan, Deniz, Berat, Ege"
        ),
        surnames=_pool(
            "Yılmaz, Kaya, Demir, Şahin, Çelik, Öztürk, Aydın, Doğan, Arslan, Yıldız, Koç, "
            "Kurt, Özdemir, Polat, Kılıç, Erdoğan, Aksoy, Güler, Tekin, Acar"
        ),
        women=_pool("Fatma, Emine, Hatice, Hülya, Songül, Derya, Sevgi, Özlem, Gülay, Serap"),
        men=_pool("Mehmet, Ahmet, Hüseyin, Mustafa, Murat, Hakan, Serkan, İbrahim, Erkan, Kemal"),
    ),
    Background(
        "ukrainian",
        0.02,
        girls=_pool(
            "Anastasiia, Sofiia, Yelyzaveta, Daryna, Viktoriia, Solomiia, Zlata, Veronika, "
            "Mariia, Khrystyna, Polina, Oleksandra, Kateryna, Diana, Yeva, Uliana"
        ),
        boys=_pool(
            "Oleksandr, Maksym, Bohdan, Danylo, Artem, Yaroslav, Mykyta, Ivan, Andrii, "
            "Dmytro, Nazar, Matvii, Denys, Vladyslav, Illia, Kyrylo, Taras, Roman"
        ),
        surnames=_pool(
            "Kovalenko, Shevchenko, Bondarenko, Tkachenko, Melnyk, Kravets, Boiko, "
            "Savchenko, Lysenko, Moroz, Polishchuk, Rudenko, Marchenko, Pavlenko, Kovalchuk, "
            "Oliinyk, Klymenko, Hrytsenko, Savchuk, Tkachuk, Ponomarenko"
        ),
        women=_pool("Olena, Iryna, Tetiana, Nataliia, Oksana, Svitlana, Yuliia, Liudmyla"),
        men=_pool("Serhii, Oleksandr, Volodymyr, Andrii, Ihor, Vitalii, Mykola, Yurii"),
    ),
)

CYRILLIC = Background(
    "cyrillic",
    0.0,
    girls=("Анна", "Дарина", "Софія", "Мария"),
    boys=("Кирилл", "Дмитро", "Олексій", "Никита"),
    surnames=("Петров", "Коваленко", "Шевчук", "Соколов", "Іваненко"),
    female_surnames={"Петров": "Петрова", "Соколов": "Соколова"},
)
"""A few pupils whose names the MIS holds in Cyrillic script, as entered from documents."""

PREFERRED_FORENAMES: dict[str, str] = {
    "William": "Will",
    "Thomas": "Tom",
    "Alexandra": "Alex",
    "Alexandru": "Alex",
    "Oluwaseun": "Seun",
    "Oluwadamilare": "Dami",
    "Abdirahman": "Abdi",
    "Yelyzaveta": "Liza",
    "Małgorzata": "Gosia",
    "Wojciech": "Wojtek",
    "Muhammad": "Mo",
    "Eleanor": "Ellie",
    "Samuel": "Sam",
    "Joshua": "Josh",
    "Jessica": "Jess",
    "Chiamaka": "Amaka",
    "Anastasiia": "Nastia",
    "Folasade": "Sade",
    "Temitope": "Tope",
    "Oleksandr": "Sasha",
}
"""Forenames a pupil often goes by at school; the MIS keeps both."""

GRANDPARENTS = {
    "F": ("Margaret", "Patricia", "Susan", "Linda", "Maureen", "Janet", "Pauline", "Brenda"),
    "M": ("Brian", "Keith", "Trevor", "Roy", "Derek", "Malcolm", "Graham", "Alan"),
}
"""Forenames for grandparents who are a pupil's contact; surnames follow the family."""

CARER_TITLES = {"F": ("Mrs", "Ms", "Miss"), "M": ("Mr",)}
